//! QR codes for web sources, drawn offline, so a patient can open a source on their own phone:
//! the kiosk itself never follows a link.
//!
//! Each code is a 1-bit PNG with one pixel per module and the standard 4-module quiet zone,
//! 250 to 550 bytes; the page scales it up with `image-rendering: pixelated`, so the edges stay
//! sharp at any text size. (An SVG of the same code was 29 KB, and WebKit parsed each one as a
//! document of its own on every explainer visit.)

use base64::Engine;
use qrcode::{Color, EcLevel, QrCode};

/// Light modules around the code, as the QR standard asks, so phones find its edges.
const QUIET_ZONE: usize = 4;

/// A `data:` URL of a PNG QR code for `text`, for an `<img>` (the CSP allows `data:` images), or
/// `None` if the text is too long for a QR code.
pub fn data_url(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let png = png_of(&code)?;
    let encoded = base64::engine::general_purpose::STANDARD.encode(png);
    Some(format!("data:image/png;base64,{encoded}"))
}

/// The code as a grayscale 1-bit PNG: 0 is black (a dark module), 1 white.
fn png_of(code: &QrCode) -> Option<Vec<u8>> {
    let modules = code.width();
    let side = modules + 2 * QUIET_ZONE;
    let colors = code.to_colors();
    let row_bytes = side.div_ceil(8);
    let mut pixels = vec![0xffu8; row_bytes * side];
    for (i, color) in colors.iter().enumerate() {
        if *color == Color::Dark {
            let (x, y) = (i % modules + QUIET_ZONE, i / modules + QUIET_ZONE);
            pixels[y * row_bytes + x / 8] &= !(0x80 >> (x % 8));
        }
    }
    let mut out = Vec::with_capacity(1024);
    let side = u32::try_from(side).ok()?;
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(&pixels).ok()?;
    writer.finish().ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes a data URL back to (side, one bool per pixel: true is dark).
    fn decode(url: &str) -> (usize, Vec<bool>) {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(
                url.strip_prefix("data:image/png;base64,")
                    .expect("a PNG data URL"),
            )
            .expect("base64");
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .expect("a PNG");
        let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
        let info = reader.next_frame(&mut buf).expect("a frame");
        assert_eq!(info.width, info.height, "square");
        assert_eq!(
            (info.color_type, info.bit_depth),
            (png::ColorType::Grayscale, png::BitDepth::One)
        );
        let side = info.width as usize;
        let dark = (0..side * side)
            .map(|i| {
                let (x, y) = (i % side, i / side);
                buf[y * info.line_size + x / 8] & (0x80 >> (x % 8)) == 0
            })
            .collect();
        (side, dark)
    }

    #[test]
    fn a_web_address_becomes_a_small_png_of_exactly_its_code() {
        let address = "https://www.fda.gov/drugs/human-drug-compounding/fda-warns-patients";
        let url = data_url(address).unwrap();
        assert!(url.len() < 1500, "{} bytes", url.len());
        let code = QrCode::with_error_correction_level(address.as_bytes(), EcLevel::M).unwrap();
        let (side, dark) = decode(&url);
        let modules = code.width();
        assert_eq!(side, modules + 2 * QUIET_ZONE);
        let colors = code.to_colors();
        for y in 0..side {
            for x in 0..side {
                let inside = (QUIET_ZONE..QUIET_ZONE + modules).contains(&x)
                    && (QUIET_ZONE..QUIET_ZONE + modules).contains(&y);
                let want = inside && colors[(y - QUIET_ZONE) * modules + (x - QUIET_ZONE)] == Color::Dark;
                assert_eq!(dark[y * side + x], want, "pixel {x},{y}");
            }
        }
    }

    #[test]
    fn text_too_long_for_a_code_gives_none() {
        assert_eq!(data_url(&"x".repeat(5000)), None);
    }
}
