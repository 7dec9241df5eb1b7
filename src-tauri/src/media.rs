//! Serves images from the content folder's `media/` to the page, over the app's own `media:`
//! protocol. Nothing outside that folder is ever served: the path must be a plain relative one
//! (`local_image_path`), and the file is read through [`crate::read`], which refuses a link that
//! leads out of `media/` (`x.png -> /etc/passwd`, a linked folder `root -> /`), a FIFO or a device,
//! and anything over [`MAX_IMAGE_BYTES`].

use std::borrow::Cow;
use std::path::Path;

use tauri::http::{header, Response, StatusCode};

use crate::content::library::MEDIA_DIR;
use crate::content::render::local_image_path;
use crate::read::Folder;

/// No picture on a kiosk page needs more: a photo from a phone is about 4 MiB.
pub const MAX_IMAGE_BYTES: u64 = 16 * 1024 * 1024;

/// The response for a request path like `/diagram.png`.
pub fn respond(content_dir: &Path, request_path: &str) -> Response<Cow<'static, [u8]>> {
    let found = local_image_path(request_path.trim_start_matches('/')).and_then(|rel| {
        let mime = mime_for(&rel)?;
        let media = Folder::open(&content_dir.join(MEDIA_DIR)).ok()?;
        let bytes = media.bytes(&media.path().join(&rel), MAX_IMAGE_BYTES).ok()?;
        Some((bytes, mime))
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

    /// A link in media/ that leaves it, a linked folder, a FIFO: never served (a FIFO would
    /// block the protocol's thread if opened).
    #[cfg(unix)]
    #[test]
    fn links_that_leave_media_and_fifos_are_not_served() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let media = dir.path().join("media");
        std::fs::create_dir_all(&media).unwrap();
        std::fs::write(dir.path().join("clinic.toml"), b"secret").unwrap();
        std::fs::write(media.join("in.png"), b"png").unwrap();
        symlink("/etc/passwd", media.join("passwd.png")).unwrap();
        symlink("../clinic.toml", media.join("settings.png")).unwrap();
        symlink("/", media.join("root")).unwrap();
        symlink("in.png", media.join("alias.png")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(media.join("pipe.png"))
            .status()
            .unwrap();
        assert!(made.success());
        for bad in [
            "/passwd.png",
            "/settings.png",
            "/root/etc/passwd.png",
            "/pipe.png",
        ] {
            assert_eq!(respond(dir.path(), bad).status(), StatusCode::NOT_FOUND, "{bad}");
        }
        assert_eq!(
            respond(dir.path(), "/alias.png").body().as_ref(),
            b"png",
            "a link inside is fine"
        );
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
