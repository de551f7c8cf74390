//! Batch outputs built in Rust from the core's own buffers: `"arrow"` (a
//! `pyarrow.Table`, zero-copy on the core's vectors), `"polars"` (a
//! `polars.DataFrame` over the same Arrow data), `"pandas"` (a DataFrame of
//! numpy columns and categoricals) and `"numpy"` (a dict of arrays).
//!
//! A batch declares its output as a list of [`Out`] columns; code columns
//! carry their names from the core's vocabularies, so no binding restates a
//! code list.

use arrow_array::types::{
    Date32Type, Float64Type, Int32Type, Int64Type, TimestampSecondType, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrowNativeTypeOp};
use arrow_array::{
    ArrayRef, BooleanArray, DictionaryArray, PrimitiveArray, RecordBatch, StringArray,
};
use arrow_buffer::{ArrowNativeType, BooleanBuffer, NullBuffer, ScalarBuffer};
use arrow_schema::{Field, Schema};
use numpy::PyArray1;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};
use pyo3_arrow::PyTable;
use std::sync::Arc;
use wangshi::date::NO_DATE;
use wangshi::timestamp::NO_TIMESTAMP;

/// The output forms of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    Numpy,
    Pandas,
    Arrow,
    Polars,
}

impl Form {
    /// The form named by the `output` argument.
    pub(crate) fn parse(s: &str) -> PyResult<Form> {
        match s {
            "numpy" => Ok(Form::Numpy),
            "pandas" => Ok(Form::Pandas),
            "arrow" => Ok(Form::Arrow),
            "polars" => Ok(Form::Polars),
            _ => Err(PyValueError::new_err(format!(
                "output must be 'numpy', 'pandas', 'arrow' or 'polars', got {s:?}"
            ))),
        }
    }
}

/// The values of one output column.
pub(crate) enum Values {
    /// Codes: 0 is none, `k >= 1` is `names[k - 1]`.
    Code(Vec<u8>, Vec<String>),
    /// Codes too many for a byte (departments): as [`Values::Code`].
    Code16(Vec<u16>, Vec<String>),
    /// Days since 1970-01-01, `NO_DATE` for none.
    Date(Vec<i32>),
    /// Seconds since 1970-01-01T00:00 local, `NO_TIMESTAMP` for none.
    Timestamp(Vec<i64>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    /// Numbers, NaN for none.
    F64(Vec<f64>),
    U32(Vec<u32>),
    U64(Vec<u64>),
    /// 0 or 1.
    Bool(Vec<u8>),
    /// Text, `None` for none.
    Text(Vec<Option<String>>),
}

/// Which rows of an output column are null in the Arrow forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nulls {
    /// Its none values: code 0, `NO_DATE`, `NO_TIMESTAMP`, NaN (other
    /// numbers and text: none).
    Values,
    /// The error rows (the frame's error column is not 0).
    Errors,
    /// The computed rows (the error column of a frame).
    Computed,
    /// The same rows as the column of this name before it.
    Like(&'static str),
}

/// One output column: its name, values, and which rows are null in the
/// Arrow forms.
pub(crate) struct Out {
    pub name: &'static str,
    pub values: Values,
    pub nulls: Nulls,
}

impl Out {
    pub(crate) fn new(name: &'static str, values: Values) -> Out {
        Out {
            name,
            values,
            nulls: Nulls::Values,
        }
    }

    /// The same column, null on error rows in the Arrow forms.
    pub(crate) fn on_ok(mut self) -> Out {
        self.nulls = Nulls::Errors;
        self
    }

    /// The same column with these nulls.
    pub(crate) fn nulls(mut self, nulls: Nulls) -> Out {
        self.nulls = nulls;
        self
    }
}

/// The names of a vocabulary of the core, in value order from 1.
pub(crate) fn vocab(name: &str) -> Vec<String> {
    let v = wangshi::vocab::get(name).expect("a vocabulary of the core");
    debug_assert_eq!(v.first, 1);
    v.codes.iter().map(|c| (*c).to_owned()).collect()
}

/// A whole batch result: columns, and the name of the column of per-row
/// error codes (0 = ok) when it has one.
pub(crate) struct Frame {
    pub cols: Vec<Out>,
    pub error: Option<&'static str>,
}

/// The validity bits of `v` (valid where `valid(x)`), 64 values a word: a
/// loop the compiler unrolls, with no call or bounds check per value.
fn valid_bits<T: Copy>(v: &[T], valid: impl Fn(T) -> bool) -> BooleanBuffer {
    let mut words = arrow_buffer::MutableBuffer::new(v.len().div_ceil(64) * 8);
    for chunk in v.chunks(64) {
        let mut word = 0u64;
        for (j, &x) in chunk.iter().enumerate() {
            word |= u64::from(valid(x)) << j;
        }
        words.push(word);
    }
    BooleanBuffer::new(words.into(), 0, v.len())
}

/// The nulls of `v` (null where `none(x)`), `None` when no value is.
fn own_nulls<T: Copy>(v: &[T], none: impl Fn(T) -> bool) -> Option<NullBuffer> {
    let b = NullBuffer::new(valid_bits(v, |x| !none(x)));
    (b.null_count() > 0).then_some(b)
}

/// A dictionary array of codes (0 none, `k` names[k - 1]); `nulls` (which
/// cover every 0) when the caller has them, else computed from the codes in
/// the same pass that turns code `k` into key `k - 1`.
fn arrow_codes<K>(
    values: Vec<K::Native>,
    names: &[String],
    nulls: Option<Option<NullBuffer>>,
) -> PyResult<(ArrayRef, Option<NullBuffer>)>
where
    K: arrow_array::types::ArrowDictionaryKeyType,
    K::Native: ArrowNativeTypeOp,
{
    let zero = K::Native::usize_as(0);
    let one = K::Native::usize_as(1);
    let mut keys = values;
    let nulls = match nulls {
        Some(given) => {
            for k in keys.iter_mut() {
                *k = k.sub_wrapping(one);
            }
            given
        }
        None => {
            // One pass: the validity bit of each row (code != 0) and its key.
            let mut bits = arrow_buffer::MutableBuffer::new(keys.len().div_ceil(64) * 8);
            for chunk in keys.chunks_mut(64) {
                let mut word = 0u64;
                for (j, k) in chunk.iter_mut().enumerate() {
                    word |= u64::from(*k != zero) << j;
                    *k = k.sub_wrapping(one);
                }
                bits.push(word);
            }
            let b = NullBuffer::new(BooleanBuffer::new(bits.into(), 0, keys.len()));
            (b.null_count() > 0).then_some(b)
        }
    };
    // Every valid key names a code of the vocabulary: the core writes only
    // its own enums' values, and departments only the router's codes.
    let max = names.len();
    let keys = PrimitiveArray::<K>::new(ScalarBuffer::from(keys), nulls.clone());
    let dict = StringArray::from_iter_values(names.iter());
    let a = DictionaryArray::<K>::try_new(keys, Arc::new(dict))
        .map_err(|e| PyValueError::new_err(format!("{e} (vocabulary of {max})")))?;
    Ok((Arc::new(a), nulls))
}

/// One output column as Arrow: its name, array and nulls.
struct Built {
    name: &'static str,
    array: ArrayRef,
    nulls: Option<NullBuffer>,
}

/// The Arrow array of column `c`, with the nulls `given` by the
/// frame (`None`: computed from its values).
fn build(c: Out, given: Option<Option<NullBuffer>>) -> PyResult<Built> {
    let (array, nulls): (ArrayRef, Option<NullBuffer>) = match c.values {
        Values::Code(v, names) => arrow_codes::<UInt8Type>(v, &names, given)?,
        Values::Code16(v, names) => arrow_codes::<UInt16Type>(v, &names, given)?,
        Values::Date(v) => {
            let nulls = given.unwrap_or_else(|| own_nulls(&v, |d| d == NO_DATE));
            let a = PrimitiveArray::<Date32Type>::new(ScalarBuffer::from(v), nulls.clone());
            (Arc::new(a), nulls)
        }
        Values::Timestamp(v) => {
            let nulls = given.unwrap_or_else(|| own_nulls(&v, |t| t == NO_TIMESTAMP));
            let a =
                PrimitiveArray::<TimestampSecondType>::new(ScalarBuffer::from(v), nulls.clone());
            (Arc::new(a), nulls)
        }
        Values::I32(v) => {
            let nulls = given.flatten();
            let a = PrimitiveArray::<Int32Type>::new(ScalarBuffer::from(v), nulls.clone());
            (Arc::new(a), nulls)
        }
        Values::I64(v) => {
            let nulls = given.flatten();
            let a = PrimitiveArray::<Int64Type>::new(ScalarBuffer::from(v), nulls.clone());
            (Arc::new(a), nulls)
        }
        Values::F64(v) => {
            let nulls = given.unwrap_or_else(|| own_nulls(&v, f64::is_nan));
            let a = PrimitiveArray::<Float64Type>::new(ScalarBuffer::from(v), nulls.clone());
            (Arc::new(a), nulls)
        }
        Values::U32(v) => {
            let nulls = given.flatten();
            let a = PrimitiveArray::<UInt32Type>::new(ScalarBuffer::from(v), nulls.clone());
            (Arc::new(a), nulls)
        }
        Values::U64(v) => {
            let nulls = given.flatten();
            let a = PrimitiveArray::<UInt64Type>::new(ScalarBuffer::from(v), nulls.clone());
            (Arc::new(a), nulls)
        }
        Values::Bool(v) => {
            let nulls = given.flatten();
            let a = BooleanArray::new(valid_bits(&v, |x| x != 0), nulls.clone());
            (Arc::new(a), nulls)
        }
        Values::Text(v) => {
            let a = StringArray::from(v);
            let nulls = a.nulls().cloned();
            (Arc::new(a), nulls)
        }
    };
    Ok(Built {
        name: c.name,
        array,
        nulls,
    })
}

impl Frame {
    /// The columns as one Arrow record batch (no copy of the number
    /// buffers: the vectors become Arrow buffers), built on up to `threads`
    /// threads (one column per job). Validity bitmaps are computed once and
    /// shared between the columns that have the same.
    pub(crate) fn record_batch(self, threads: usize) -> PyResult<RecordBatch> {
        // Valid on computed rows (`ok`) and on error rows (`bad`).
        let codes = self.error.and_then(|name| {
            self.cols.iter().find_map(|c| match &c.values {
                Values::Code(v, _) if c.name == name => Some(v),
                _ => None,
            })
        });
        let ok_bits = codes.map(|e| valid_bits(e, |x| x == 0));
        let ok = ok_bits
            .as_ref()
            .map(|b| NullBuffer::new(b.clone()))
            .filter(|b| b.null_count() > 0);
        let bad = ok_bits
            .as_ref()
            .map(|b| NullBuffer::new(!b))
            .filter(|b| b.null_count() > 0);
        // Every column but those sharing another's nulls, at once on up
        // to `threads` threads; then those.
        let mut cols: Vec<Option<Out>> = self.cols.into_iter().map(Some).collect();
        let mut jobs: Vec<crate::par::Job<'_, PyResult<Built>>> = Vec::new();
        let mut first = Vec::new();
        for (k, c) in cols.iter_mut().enumerate() {
            let given = match c.as_ref().map(|c| c.nulls) {
                Some(Nulls::Values) => None,
                Some(Nulls::Errors) => Some(ok.clone()),
                Some(Nulls::Computed) => Some(bad.clone()),
                Some(Nulls::Like(_)) | None => continue,
            };
            let c = c.take().expect("not taken yet");
            first.push(k);
            jobs.push(Box::new(move || build(c, given)));
        }
        let mut built: Vec<Option<Built>> = (0..cols.len()).map(|_| None).collect();
        for (k, b) in first.into_iter().zip(crate::par::run(threads, jobs)) {
            built[k] = Some(b?);
        }
        for k in 0..cols.len() {
            let Some(c) = cols[k].take() else { continue };
            let Nulls::Like(name) = c.nulls else {
                unreachable!("only columns sharing nulls are left")
            };
            let given = built
                .iter()
                .flatten()
                .find(|b| b.name == name)
                .map(|b| b.nulls.clone());
            built[k] = Some(build(c, given)?);
        }
        let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = built
            .into_iter()
            .flatten()
            .map(|b| {
                (
                    Field::new(b.name, b.array.data_type().clone(), true),
                    b.array,
                )
            })
            .unzip();
        let schema = Arc::new(Schema::new(fields));
        RecordBatch::try_new(schema, arrays).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The result in the requested form; `index` is the pandas index to
    /// keep (the input Series' index), if any.
    pub(crate) fn into_py<'py>(
        self,
        py: Python<'py>,
        form: Form,
        index: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.into_py_on(py, form, index, 1)
    }

    /// [`Frame::into_py`], the Arrow forms built on up to `threads`
    /// threads.
    pub(crate) fn into_py_on<'py>(
        self,
        py: Python<'py>,
        form: Form,
        index: Option<Bound<'py, PyAny>>,
        threads: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        match form {
            Form::Arrow => table(py, self.record_batch(threads)?)?.into_pyarrow(py),
            Form::Polars => {
                let t = table(py, self.record_batch(threads)?)?;
                POLARS_DATAFRAME
                    .import(py, "polars", "DataFrame")?
                    .call1((t,))
            }
            Form::Numpy => self.numpy(py, false),
            Form::Pandas => {
                let cols = self.numpy(py, true)?;
                let kw = PyDict::new(py);
                kw.set_item("copy", false)?;
                if let Some(index) = index {
                    kw.set_item("index", index)?;
                }
                PANDAS_DATAFRAME
                    .import(py, "pandas", "DataFrame")?
                    .call((cols,), Some(&kw))
            }
        }
    }

    /// A dict of numpy columns; for pandas, codes as categoricals and
    /// dates as `datetime64[s]`.
    fn numpy<'py>(self, py: Python<'py>, pandas: bool) -> PyResult<Bound<'py, PyAny>> {
        let out = PyDict::new(py);
        for c in self.cols {
            let v: Bound<'py, PyAny> = match c.values {
                Values::Code(v, names) if pandas => {
                    categorical(py, v.iter().map(|&x| i32::from(x)), &names)?
                }
                Values::Code16(v, names) if pandas => {
                    categorical(py, v.iter().map(|&x| i32::from(x)), &names)?
                }
                Values::Code(v, names) => {
                    strings(py, v.iter().map(|&x| usize::from(x)), v.len(), &names)?
                }
                Values::Code16(v, names) => {
                    strings(py, v.iter().map(|&x| usize::from(x)), v.len(), &names)?
                }
                Values::Date(v) if pandas => {
                    let s: Vec<i64> = v
                        .iter()
                        .map(|&d| {
                            if d == NO_DATE {
                                i64::MIN
                            } else {
                                i64::from(d) * 86_400
                            }
                        })
                        .collect();
                    PyArray1::from_vec(py, s).call_method1("view", ("datetime64[s]",))?
                }
                Values::Date(v) => {
                    let mut d: Vec<i64> = crate::alloc::with_capacity(v.len());
                    d.extend(
                        v.iter()
                            .map(|&d| if d == NO_DATE { i64::MIN } else { i64::from(d) }),
                    );
                    PyArray1::from_vec(py, d).call_method1("view", ("datetime64[D]",))?
                }
                // NO_TIMESTAMP is numpy's NaT.
                Values::Timestamp(v) => {
                    PyArray1::from_vec(py, v).call_method1("view", ("datetime64[s]",))?
                }
                Values::I32(v) => PyArray1::from_vec(py, v).into_any(),
                Values::I64(v) => PyArray1::from_vec(py, v).into_any(),
                Values::F64(v) => PyArray1::from_vec(py, v).into_any(),
                Values::U32(v) => PyArray1::from_vec(py, v).into_any(),
                Values::U64(v) => PyArray1::from_vec(py, v).into_any(),
                Values::Bool(v) => PyArray1::from_vec(py, v).call_method1("view", ("bool",))?,
                Values::Text(v) => {
                    let objs: Vec<Py<PyAny>> = v
                        .into_iter()
                        .map(|s| match s {
                            Some(s) => PyString::new(py, &s).into_any().unbind(),
                            None => py.None(),
                        })
                        .collect();
                    PyArray1::from_vec(py, objs).into_any()
                }
            };
            out.set_item(c.name, v)?;
        }
        Ok(out.into_any())
    }
}

static POLARS_DATAFRAME: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static PANDAS_DATAFRAME: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static PANDAS_CATEGORICAL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn table(_py: Python<'_>, batch: RecordBatch) -> PyResult<PyTable> {
    let schema = batch.schema();
    PyTable::try_new(vec![batch], schema)
}

/// A pandas Categorical from the column's codes (0 none, k names[k - 1])
/// and its categories, with codes of the smallest type pandas keeps for this
/// many categories (-1 for none).
fn categorical<'py>(
    py: Python<'py>,
    codes: impl Iterator<Item = i32>,
    names: &[String],
) -> PyResult<Bound<'py, PyAny>> {
    let codes = if names.len() < 127 {
        PyArray1::from_vec(py, codes.map(|c| (c - 1) as i8).collect()).into_any()
    } else {
        PyArray1::from_vec(py, codes.map(|c| (c - 1) as i16).collect()).into_any()
    };
    let kw = PyDict::new(py);
    kw.set_item("categories", PyList::new(py, names)?)?;
    kw.set_item("validate", false)?;
    PANDAS_CATEGORICAL
        .import(py, "pandas", "Categorical")?
        .call_method("from_codes", (codes,), Some(&kw))
}

/// An object array of the code names (None for 0); every row of one code
/// shares one str object.
fn strings<'py>(
    py: Python<'py>,
    codes: impl Iterator<Item = usize>,
    n: usize,
    names: &[String],
) -> PyResult<Bound<'py, PyAny>> {
    let mut table: Vec<Py<PyAny>> = vec![py.None()];
    table.extend(
        names
            .iter()
            .map(|s| PyString::new(py, s).into_any().unbind()),
    );
    let mut objs: Vec<Py<PyAny>> = Vec::with_capacity(n);
    for c in codes {
        objs.push(table.get(c).unwrap_or(&table[0]).clone_ref(py));
    }
    Ok(PyArray1::from_vec(py, objs).into_any())
}
