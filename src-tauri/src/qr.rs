//! QR codes for web sources, drawn offline as SVG, so a patient can open a source on their own
//! phone: the kiosk itself never follows a link.

use base64::Engine;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// A `data:` URL of an SVG QR code for `text`, for an `<img>` (the CSP allows `data:` images), or
/// `None` if the text is too long for a QR code.
pub fn data_url(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let svg = code
        .render::<svg::Color>()
        .min_dimensions(160, 160)
        .quiet_zone(true)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    let encoded = base64::engine::general_purpose::STANDARD.encode(svg);
    Some(format!("data:image/svg+xml;base64,{encoded}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_web_address_becomes_an_svg_data_url() {
        let url = data_url("https://www.fda.gov/").unwrap();
        let svg = base64::engine::general_purpose::STANDARD
            .decode(url.strip_prefix("data:image/svg+xml;base64,").unwrap())
            .unwrap();
        let svg = String::from_utf8(svg).unwrap();
        assert!(svg.starts_with("<?xml") && svg.contains("<svg"), "{svg}");
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn text_too_long_for_a_code_gives_none() {
        assert_eq!(data_url(&"x".repeat(5000)), None);
    }
}
