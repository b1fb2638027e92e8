//! Reading a file's bytes into text, with clear errors for what cannot be read.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The text of a file, and a notice when it had to be decoded with losses.
pub struct Input {
    pub text: String,
    pub notice: Option<String>,
}

pub fn read(path: &Path, max_size: u64) -> Result<Input, String> {
    let mut file = File::open(path).map_err(|e| describe_io(&e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > max_size {
        return Err(format!("file is {} bytes, over the limit of {max_size} (--max-file-size)", size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.by_ref().take(max_size + 1).read_to_end(&mut bytes).map_err(|e| describe_io(&e))?;
    if bytes.len() as u64 > max_size {
        return Err(format!("file is over the limit of {max_size} bytes (--max-file-size)"));
    }
    decode(bytes)
}

/// The text of a file's bytes; a binary file (one with a NUL byte, which no
/// configuration file has) is refused rather than read as pages of syntax errors.
pub fn decode(bytes: Vec<u8>) -> Result<Input, String> {
    let binary = |offset: usize| Err(format!("binary file (NUL byte at offset {offset}); not checked"));
    if let Some(utf16) = decode_utf16(&bytes) {
        if let Some(i) = bytes[2..].chunks_exact(2).position(|c| c == [0, 0]) {
            return binary(2 + 2 * i);
        }
        return Ok(Input {
            text: utf16,
            notice: Some("file is UTF-16; it was checked, but fixes are not written to UTF-16 files".into()),
        });
    }
    if let Some(offset) = bytes.iter().position(|b| *b == 0) {
        return binary(offset);
    }
    Ok(match String::from_utf8(bytes) {
        Ok(text) => Input { text, notice: None },
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            Input {
                text,
                notice: Some(format!(
                    "file is not valid UTF-8 (first bad byte at offset {valid}); the readable parts were checked"
                )),
            }
        }
    })
}

fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let (le, body) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        _ => return None,
    };
    let units: Vec<u16> = body
        .chunks_exact(2)
        .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
        .collect();
    Some(String::from_utf16_lossy(&units))
}

pub fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ if e.raw_os_error() == Some(21) => "is a folder".into(),
        _ => e.to_string(),
    }
}
