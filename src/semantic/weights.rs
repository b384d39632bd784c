//! Reading the model's weights, and only the part a search uses. More than half of all-MiniLM-L6-v2's
//! 87 MB is its word-piece table (30,522 rows of 384 floats), of which a query and twenty entries use a
//! few hundred rows. Reading the whole file was most of a reranked search's time (the crate forbids
//! `unsafe`, so no memory map); here the other tensors are read straight into the buffers the model keeps
//! (one copy, not two), and the table gets only the rows asked for: the rest stay zero pages the system
//! never has to fill.

use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use candle_core::{Device, Tensor};

/// The word-piece table, read row by row.
pub const TABLE: &str = "embeddings.word_embeddings.weight";

/// A safetensors file's layout: where each tensor's bytes are.
#[derive(Debug)]
pub struct Weights {
    path: PathBuf,
    /// Name, shape and byte range (from the start of the file), in file order.
    tensors: Vec<(String, Vec<usize>, u64, u64)>,
}

impl Weights {
    /// Reads and checks the file's header: each f32 tensor's byte range as long as its shape says and
    /// inside the file. Tensors of other types are left out.
    pub fn open(path: &Path) -> Result<Weights> {
        let fail = || format!("{}: not a safetensors file of f32 weights", path.display());
        let mut file =
            File::open(path).with_context(|| format!("{}: cannot read", path.display()))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let mut length = [0; 8];
        file.read_exact(&mut length).with_context(fail)?;
        let length = u64::from_le_bytes(length);
        if length > size.saturating_sub(8) {
            bail!("{}: its header is longer than the file", fail());
        }
        let mut header = vec![0; length as usize];
        file.read_exact(&mut header).with_context(fail)?;
        let header: HashMap<String, serde_json::Value> =
            serde_json::from_slice(&header).with_context(fail)?;
        let data = 8 + length;
        let mut tensors = Vec::new();
        for (name, info) in header {
            if name == "__metadata__" {
                continue;
            }
            let dtype = info["dtype"].as_str().unwrap_or_default();
            let shape: Vec<usize> =
                serde_json::from_value(info["shape"].clone()).unwrap_or_default();
            let range: Vec<u64> =
                serde_json::from_value(info["data_offsets"].clone()).unwrap_or_default();
            let floats: usize = shape.iter().product();
            let [start, end] = range[..] else {
                bail!("{}: {name} has no byte range", fail());
            };
            if dtype != "F32" {
                // Not a weight (BERT checkpoints carry an i64 `position_ids` buffer): were the model to
                // need it, building it says which tensor is missing.
                continue;
            }
            if end < start || end - start != 4 * floats as u64 {
                bail!(
                    "{}: {name} is {dtype} {shape:?} in {} bytes",
                    fail(),
                    end - start
                );
            }
            if data + end > size {
                bail!("{}: {name} ends past the end of the file", fail());
            }
            tensors.push((name, shape, data + start, data + end));
        }
        tensors.sort_by_key(|t| t.2);
        Ok(Weights {
            path: path.to_path_buf(),
            tensors,
        })
    }

    /// Every tensor but the word-piece table, read whole.
    pub fn rest(&self) -> Result<HashMap<String, Tensor>> {
        let mut file = self.file()?;
        let mut out = HashMap::new();
        for (name, shape, start, end) in &self.tensors {
            if name == TABLE {
                continue;
            }
            let mut floats = vec![0f32; ((end - start) / 4) as usize];
            self.read(&mut file, *start, &mut floats)?;
            out.insert(
                name.clone(),
                Tensor::from_vec(floats, shape.as_slice(), &Device::Cpu)?,
            );
        }
        Ok(out)
    }

    /// The word-piece table with only `rows` read (the others zero); none when the file has no table.
    pub fn table(&self, rows: &BTreeSet<u32>) -> Result<Option<Tensor>> {
        let Some((_, shape, start, _)) = self.tensors.iter().find(|t| t.0 == TABLE) else {
            return Ok(None);
        };
        let (count, width) = match shape[..] {
            [count, width] => (count, width),
            _ => bail!("{}: {TABLE} is not a table", self.path.display()),
        };
        // Allocated zeroed, so untouched rows cost no memory.
        let mut floats = vec![0f32; count * width];
        let mut file = self.file()?;
        for &row in rows {
            let row = row as usize;
            if row >= count {
                bail!(
                    "word piece {row} is past the model's {count}: tokenizer and weights disagree"
                );
            }
            let offset = start + (row * width * 4) as u64;
            self.read(
                &mut file,
                offset,
                &mut floats[row * width..(row + 1) * width],
            )?;
        }
        Ok(Some(Tensor::from_vec(
            floats,
            shape.as_slice(),
            &Device::Cpu,
        )?))
    }

    fn file(&self) -> Result<File> {
        File::open(&self.path).with_context(|| format!("{}: cannot read", self.path.display()))
    }

    /// Fills `floats` from the file at `offset` (little-endian, as safetensors stores them).
    fn read(&self, file: &mut File, offset: u64, floats: &mut [f32]) -> Result<()> {
        file.seek(SeekFrom::Start(offset))
            .and_then(|_| file.read_exact(bytemuck::cast_slice_mut(floats)))
            .with_context(|| format!("{}: cannot read", self.path.display()))?;
        if cfg!(target_endian = "big") {
            for x in floats.iter_mut() {
                *x = f32::from_bits(u32::from_le(x.to_bits()));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A safetensors file with the given tensors (name, shape, values).
    fn write(path: &Path, tensors: &[(&str, Vec<usize>, Vec<f32>)]) {
        let mut header = serde_json::Map::new();
        let mut data = Vec::new();
        for (name, shape, values) in tensors {
            let start = data.len();
            data.extend(values.iter().flat_map(|v| v.to_le_bytes()));
            header.insert(
                name.to_string(),
                serde_json::json!({"dtype": "F32", "shape": shape, "data_offsets": [start, data.len()]}),
            );
        }
        let header = serde_json::to_vec(&header).unwrap();
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend(header);
        bytes.extend(data);
        std::fs::write(path, bytes).unwrap();
    }

    #[test]
    fn the_table_has_only_the_rows_asked_for_and_the_rest_is_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.safetensors");
        let table: Vec<f32> = (0..12).map(|i| i as f32).collect();
        write(
            &path,
            &[
                ("bias", vec![2], vec![0.5, -1.5]),
                (TABLE, vec![4, 3], table),
            ],
        );
        let weights = Weights::open(&path).unwrap();
        let rest = weights.rest().unwrap();
        assert_eq!(rest["bias"].to_vec1::<f32>().unwrap(), [0.5, -1.5]);
        assert!(!rest.contains_key(TABLE));
        let rows = weights.table(&BTreeSet::from([0, 2])).unwrap().unwrap();
        assert_eq!(
            rows.to_vec2::<f32>().unwrap(),
            [[0., 1., 2.], [0., 0., 0.], [6., 7., 8.], [0., 0., 0.]]
        );
        let err = weights.table(&BTreeSet::from([4])).unwrap_err();
        assert!(err.to_string().contains("tokenizer and weights disagree"));
    }

    #[test]
    fn a_file_that_is_not_f32_safetensors_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.safetensors");
        std::fs::write(&path, b"\xff\xff\xff\xff\xff\xff\xff\x7fjunk").unwrap();
        let err = Weights::open(&path).unwrap_err().to_string();
        assert!(err.contains("longer than the file"), "{err}");
        write(&path, &[("bias", vec![3], vec![1.0, 2.0])]);
        let err = Weights::open(&path).unwrap_err().to_string();
        assert!(err.contains("bias is F32 [3] in 8 bytes"), "{err}");
        std::fs::write(&path, b"\x02\0\0\0\0\0\0\0{]").unwrap();
        assert!(Weights::open(&path).is_err());
    }
}
