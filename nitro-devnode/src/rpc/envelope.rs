//! JSON-RPC 2.0 framing on serde: a body is one request object or a batch; a response
//! echoes the request's `id` byte for byte (kept as raw JSON, so an id above 2^64 comes back
//! as the number that was sent, not as a float: the id types of jsonrpsee and
//! alloy-json-rpc hold numbers as u64, which is why they are not used here).

use super::RpcError;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{value::RawValue, Value};

/// One request object, as far as framing goes.
#[derive(Debug, Deserialize)]
pub struct RequestObject<'a> {
    /// `None`: a notification (no `id` member); `Some("null")` for `"id": null`.
    #[serde(default, borrow, deserialize_with = "present")]
    pub id: Option<&'a RawValue>,
    #[serde(default)]
    pub method: Option<Value>,
    #[serde(default)]
    pub params: Option<Value>,
}

fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'de RawValue>, D::Error> {
    <&RawValue>::deserialize(d).map(Some)
}

/// What a body holds.
pub enum Body<'a> {
    Single(&'a RawValue),
    Batch(Vec<&'a RawValue>),
}

/// Splits a body into its request objects (unparsed).
pub fn parse_body(body: &[u8]) -> Result<Body<'_>, RpcError> {
    let parse_error = |e: serde_json::Error| RpcError::new(-32700, format!("parse error: {e}"));
    let raw: &RawValue = serde_json::from_slice(body).map_err(parse_error)?;
    if raw.get().starts_with('[') {
        Ok(Body::Batch(
            serde_json::from_str(raw.get()).map_err(parse_error)?,
        ))
    } else {
        Ok(Body::Single(raw))
    }
}

/// A request's method and parameters, or the error to answer it with.
pub struct Call<'a> {
    pub id: Option<&'a RawValue>,
    pub method: Result<(String, Vec<Value>), RpcError>,
}

/// Reads one request object (an invalid one keeps its id when it has a valid one).
pub fn parse_request(raw: &RawValue) -> Call<'_> {
    let invalid = |m: &str| RpcError::new(-32600, format!("invalid request: {m}"));
    let obj = match serde_json::from_str::<RequestObject>(raw.get()) {
        Ok(o) => o,
        Err(_) => {
            return Call {
                id: None,
                method: Err(invalid("not a request object")),
            }
        }
    };
    let id_ok = obj.id.is_none_or(|id| {
        matches!(
            id.get().as_bytes().first(),
            Some(b'"' | b'-' | b'0'..=b'9' | b'n')
        )
    });
    if !id_ok {
        return Call {
            id: None,
            method: Err(invalid("id must be a string, a number or null")),
        };
    }
    let method = match obj.method {
        Some(Value::String(m)) => m,
        Some(_) => {
            return Call {
                id: obj.id,
                method: Err(invalid("method must be a string")),
            }
        }
        None => {
            return Call {
                id: obj.id,
                method: Err(invalid("missing method")),
            }
        }
    };
    let params = match obj.params {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(a)) => a,
        Some(_) => {
            return Call {
                id: obj.id,
                method: Err(RpcError::invalid_params(format!(
                    "{method}: params must be an array"
                ))),
            }
        }
    };
    Call {
        id: obj.id,
        method: Ok((method, params)),
    }
}

#[derive(Serialize)]
struct Response<'a> {
    jsonrpc: &'static str,
    id: &'a RawValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a RpcError>,
}

fn null<'a>() -> &'a RawValue {
    serde_json::from_str("null").expect("valid JSON")
}

/// The response text for `id` (`null` when the request had none usable).
pub fn response(id: Option<&RawValue>, outcome: &Result<Value, RpcError>) -> String {
    let (result, error) = match outcome {
        Ok(v) => (Some(v), None),
        Err(e) => (None, Some(e)),
    };
    serde_json::to_string(&Response {
        jsonrpc: "2.0",
        id: id.unwrap_or_else(null),
        result,
        error,
    })
    .unwrap_or_else(|e| {
        format!(r#"{{"jsonrpc":"2.0","id":null,"error":{{"code":-32603,"message":"internal error: {e}"}}}}"#)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_back_exactly() {
        for id in [
            "18446744073709551617",
            "123456789012345678901234567890",
            "\"x\"",
            "-1",
            "null",
            "1.5",
        ] {
            let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"m"}}"#);
            let Body::Single(raw) = parse_body(body.as_bytes()).unwrap() else {
                panic!()
            };
            let call = parse_request(raw);
            let out = response(call.id, &Ok(Value::Bool(true)));
            assert_eq!(
                out,
                format!(r#"{{"jsonrpc":"2.0","id":{id},"result":true}}"#)
            );
        }
        let call = parse_request(serde_json::from_str(r#"{"method":"m"}"#).unwrap());
        assert!(call.id.is_none(), "a notification");
        let call = parse_request(serde_json::from_str(r#"{"id":{},"method":"m"}"#).unwrap());
        assert_eq!(call.method.unwrap_err().code, -32600);
    }
}
