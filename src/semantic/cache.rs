//! Entry vectors kept between searches. The model reads an entry in about as long as the whole lexical
//! search takes, so each entry is read once: its vector is appended to a file in the cache folder,
//! keyed by a hash of the text the model read (an edited entry gets a new key; stale ones are never
//! looked up again). Records are fixed-size and appended whole; a torn last record is ignored, so two
//! searches appending at once cost at most one entry's recomputation.

use std::collections::HashMap;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Floats in a vector (all-MiniLM-L6-v2's width).
pub const DIM: usize = 384;
const RECORD: usize = 8 + DIM * 4;

/// The cache file's name: one per model, so another model's vectors are never mixed in.
pub const FILE: &str = "vectors-all-MiniLM-L6-v2.bin";

pub struct Cache {
    path: PathBuf,
    vectors: HashMap<u64, Vec<f32>>,
    /// Added since the file was read: what `save` appends.
    pending: Vec<u64>,
}

impl Cache {
    /// The vectors in `path`; none when it does not exist yet.
    pub fn open(path: &Path) -> Result<Cache> {
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(err) => {
                return Err(err).with_context(|| format!("{}: cannot read", path.display()));
            }
        };
        let mut cache = Cache::empty(path);
        cache.vectors = decode(&bytes);
        Ok(cache)
    }

    /// No vectors yet; `save` writes to `path`.
    pub fn empty(path: &Path) -> Cache {
        Cache {
            path: path.to_path_buf(),
            vectors: HashMap::new(),
            pending: Vec::new(),
        }
    }

    pub fn key(text: &str) -> u64 {
        xxhash_rust::xxh3::xxh3_64(text.as_bytes())
    }

    pub fn get(&self, key: u64) -> Option<&[f32]> {
        self.vectors.get(&key).map(Vec::as_slice)
    }

    /// How many vectors are kept.
    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }

    pub fn add(&mut self, key: u64, vector: Vec<f32>) {
        if self.vectors.insert(key, vector).is_none() {
            self.pending.push(key);
        }
    }

    /// Appends the vectors added since the file was read.
    pub fn save(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut bytes = Vec::with_capacity(self.pending.len() * RECORD);
        for key in self.pending.drain(..) {
            bytes.extend(encode(key, &self.vectors[&key]));
        }
        if let Some(parent) = self.path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create", parent.display()))?;
        }
        let torn = fs::metadata(&self.path).is_ok_and(|m| !m.len().is_multiple_of(RECORD as u64));
        if torn {
            // Appending after a torn record would shift every later one: write the whole records
            // out again instead.
            let mut all = Vec::with_capacity(self.vectors.len() * RECORD);
            for (key, vector) in &self.vectors {
                all.extend(encode(*key, vector));
            }
            let temp = self.path.with_extension("tmp");
            return fs::write(&temp, &all)
                .and_then(|()| fs::rename(&temp, &self.path))
                .with_context(|| format!("{}: cannot write", self.path.display()));
        }
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .and_then(|mut file| file.write_all(&bytes))
            .with_context(|| format!("{}: cannot write", self.path.display()))
    }
}

fn encode(key: u64, vector: &[f32]) -> Vec<u8> {
    let mut record = Vec::with_capacity(RECORD);
    record.extend(key.to_le_bytes());
    for x in vector {
        record.extend(x.to_le_bytes());
    }
    record
}

/// Whole records only: a last one cut short by a concurrent or interrupted write is left out.
fn decode(bytes: &[u8]) -> HashMap<u64, Vec<f32>> {
    bytes
        .chunks_exact(RECORD)
        .map(|record| {
            let (key, floats) = record.split_at(8);
            let key = u64::from_le_bytes(key.try_into().expect("8 bytes"));
            let vector = floats
                .chunks_exact(4)
                .map(|x| f32::from_le_bytes(x.try_into().expect("4 bytes")))
                .collect();
            (key, vector)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_survive_a_reopen_and_a_torn_record_is_ignored() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("sub").join(FILE);
        let mut cache = Cache::open(&path).unwrap();
        assert!(cache.get(1).is_none());
        let a: Vec<f32> = (0..DIM).map(|i| i as f32).collect();
        let b = vec![0.5; DIM];
        cache.add(1, a.clone());
        cache.add(2, b.clone());
        assert_eq!(cache.get(1), Some(a.as_slice()));
        cache.save().unwrap();
        // A concurrent writer cut off halfway through its record.
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(&encode(3, &b)[..100]).unwrap();
        let reopened = Cache::open(&path).unwrap();
        assert_eq!(reopened.get(1), Some(a.as_slice()));
        assert_eq!(reopened.get(2), Some(b.as_slice()));
        assert!(reopened.get(3).is_none());
        // The next vector kept rewrites the file whole, so later records stay aligned.
        let mut cache = reopened;
        cache.add(4, a.clone());
        cache.save().unwrap();
        let again = Cache::open(&path).unwrap();
        assert_eq!(again.get(4), Some(a.as_slice()));
        assert_eq!(again.get(2), Some(b.as_slice()));
    }
}
