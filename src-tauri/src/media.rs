//! Serves images from the content folder's `media/` to the page, over the app's own `media:`
//! protocol. Nothing outside that folder is ever served.

use std::borrow::Cow;
use std::path::Path;

use tauri::http::{header, Response, StatusCode};

use crate::content::library::MEDIA_DIR;
use crate::content::render::local_image_path;

/// The response for a request path like `/diagram.png`.
pub fn respond(content_dir: &Path, request_path: &str) -> Response<Cow<'static, [u8]>> {
    let found = local_image_path(request_path.trim_start_matches('/')).and_then(|rel| {
        let mime = mime_for(&rel)?;
        Some((std::fs::read(content_dir.join(MEDIA_DIR).join(&rel)).ok()?, mime))
    });
    match found {
        Some((bytes, mime)) => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, mime)
            .header(header::CACHE_CONTROL, "no-store")
            .body(Cow::Owned(bytes)),
        None => Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Cow::Borrowed(&[][..])),
    }
    .unwrap_or_else(|_| Response::new(Cow::Borrowed(&[][..])))
}

/// Image types only: anything else is not served.
fn mime_for(path: &str) -> Option<&'static str> {
    let ext = path.rsplit('.').next()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_images_from_media_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("media")).unwrap();
        std::fs::write(dir.path().join("media/a.png"), b"png").unwrap();
        std::fs::write(dir.path().join("clinic.toml"), b"secret").unwrap();
        assert_eq!(respond(dir.path(), "/a.png").status(), StatusCode::OK);
        assert_eq!(respond(dir.path(), "/a.png").body().as_ref(), b"png");
        for bad in ["/../clinic.toml", "/missing.png", "/a.toml", "//etc/passwd"] {
            assert_eq!(respond(dir.path(), bad).status(), StatusCode::NOT_FOUND, "{bad}");
        }
    }

    /// The address the renderer writes into an explainer is one this protocol answers: the two
    /// ends of a picture's path must meet, or the page shows a broken image.
    #[test]
    fn serves_the_address_the_renderer_writes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("media/parts")).unwrap();
        std::fs::write(dir.path().join("media/parts/arm.svg"), b"<svg/>").unwrap();
        let html = crate::content::render::render("![The arm](parts/arm.svg)").html;
        let src = html
            .split("src=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("an img src in {html}"));
        assert!(src.starts_with(crate::content::render::MEDIA_BASE), "{src}");
        let uri: tauri::http::Uri = src.parse().unwrap();
        let response = respond(dir.path(), uri.path());
        assert_eq!(response.status(), StatusCode::OK, "{src}");
        assert_eq!(response.body().as_ref(), b"<svg/>");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "image/svg+xml");
    }
}
