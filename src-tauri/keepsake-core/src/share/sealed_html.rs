//! An HTML file sealed with a passphrase that opens itself in any browser with no network:
//! PBKDF2-SHA256 (600,000 iterations, the browser's own WebCrypto can do nothing stronger) and
//! AES-256-GCM, then a small inline script that asks for the passphrase and shows the page.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::vault::random_array;
use crate::{Error, Result};

pub const ITERATIONS: u32 = 600_000;

pub(crate) fn seal(page: &str, passphrase: &str) -> Result<String> {
    let salt: [u8; 16] = random_array()?;
    let iv: [u8; 12] = random_array()?;
    let mut key = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<Sha256>(passphrase.as_bytes(), &salt, ITERATIONS, key.as_mut());
    let sealed = Aes256Gcm::new(key.as_ref().into())
        .encrypt(Nonce::from_slice(&iv), page.as_bytes())
        .map_err(|_| Error::Crypto)?;
    Ok(format!(
        r#"<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sealed diary entry · 加密的日记</title>
<style>body {{ font: 17px/1.6 system-ui, sans-serif; max-width: 30rem; margin: 4rem auto; padding: 0 1rem; }} input, button {{ font: inherit; padding: 0.4rem 0.6rem; }}</style>
</head>
<body>
<h1>A sealed diary entry · 加密的日记</h1>
<p>Enter the passphrase you were given. Nothing is sent anywhere: this page decrypts itself.<br>请输入对方告诉您的口令。页面在本地解密，不会发送任何内容。</p>
<form id="f"><input id="p" type="password" autofocus aria-label="Passphrase"> <button>Open · 打开</button></form>
<p id="e" role="alert"></p>
<script>
const sealed = {{ salt: "{salt}", iv: "{iv}", iterations: {iterations}, data: "{data}" }};
const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
document.getElementById("f").addEventListener("submit", async (event) => {{
  event.preventDefault();
  try {{
    const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(document.getElementById("p").value), "PBKDF2", false, ["deriveKey"]);
    const key = await crypto.subtle.deriveKey({{ name: "PBKDF2", hash: "SHA-256", salt: bytes(sealed.salt), iterations: sealed.iterations }}, base, {{ name: "AES-GCM", length: 256 }}, false, ["decrypt"]);
    const plain = await crypto.subtle.decrypt({{ name: "AES-GCM", iv: bytes(sealed.iv) }}, key, bytes(sealed.data));
    document.open();
    document.write(new TextDecoder().decode(plain));
    document.close();
  }} catch {{
    document.getElementById("e").textContent = "That passphrase does not open it. · 口令不正确。";
  }}
}});
</script>
</body>
</html>
"#,
        salt = B64.encode(salt),
        iv = B64.encode(iv),
        iterations = ITERATIONS,
        data = B64.encode(sealed),
    ))
}

/// Open a sealed page as the browser would (tests).
#[cfg(test)]
pub(crate) fn open(sealed_page: &str, passphrase: &str) -> Result<String> {
    let field = |name: &str| -> Option<Vec<u8>> {
        let start = sealed_page.find(&format!("{name}: \""))? + name.len() + 3;
        let end = start + sealed_page[start..].find('"')?;
        B64.decode(&sealed_page[start..end]).ok()
    };
    let (salt, iv, data) = (
        field("salt").ok_or(Error::Crypto)?,
        field("iv").ok_or(Error::Crypto)?,
        field("data").ok_or(Error::Crypto)?,
    );
    let mut key = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<Sha256>(passphrase.as_bytes(), &salt, ITERATIONS, key.as_mut());
    let plain = Aes256Gcm::new(key.as_ref().into())
        .decrypt(Nonce::from_slice(&iv), data.as_slice())
        .map_err(|_| Error::WrongSecret)?;
    String::from_utf8(plain).map_err(|_| Error::Crypto)
}
