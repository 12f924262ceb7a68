//! JSON-RPC over WebSocket on the HTTP port (tokio-tungstenite): a GET with `Upgrade:
//! websocket` switches the connection. Requests run as over HTTP; `eth_subscribe`
//! (`newHeads`, `logs`, `newPendingTransactions`) and `eth_unsubscribe` are this
//! connection's: each subscription is one of the node's polling filters, polled every 50 ms
//! and pushed as `eth_subscription` notifications. tungstenite enforces the protocol
//! (masked client frames, control frames, fragments, sizes) and answers pings and closes.

use super::{
    envelope::{self, Body},
    handle_body,
    json::{block_json, log_json},
    params::{Filter, SubscriptionKind},
    request::EthRequest,
    RpcError, MAX_BODY,
};
use crate::chain::{filters::FilterKind, Chain, FilterChanges};
use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use http_body_util::Full;
use hyper::{body::Incoming, header, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::sync::Notify;
use tokio_tungstenite::{
    tungstenite::{
        handshake::derive_accept_key,
        protocol::{Role, WebSocketConfig},
        Message,
    },
    WebSocketStream,
};

/// How often subscriptions are polled.
const POLL: Duration = Duration::from_millis(50);

fn header_has(req: &Request<Incoming>, name: header::HeaderName, token: &str) -> bool {
    req.headers().get_all(name).iter().any(|v| {
        v.to_str()
            .is_ok_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
    })
}

/// Whether `req` asks to switch to WebSocket.
pub fn is_upgrade(req: &Request<Incoming>) -> bool {
    header_has(req, header::UPGRADE, "websocket") && header_has(req, header::CONNECTION, "upgrade")
}

fn plain(status: StatusCode, body: &'static str) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONNECTION,
        header::HeaderValue::from_static("close"),
    );
    r
}

/// What the WebSocket layer needs from the server.
pub trait Connections: Send + Sync + 'static {
    fn chain(&self) -> &Arc<Mutex<Chain>>;
    /// Registers a WebSocket session: its id and close signal, or `None` when full.
    fn admit_websocket(&self) -> Option<(u64, Arc<Notify>)>;
    fn release(&self, id: u64);
}

/// Answers the handshake and starts the session once hyper hands the connection over.
pub fn upgrade(req: Request<Incoming>, host: Arc<dyn Connections>) -> Response<Full<Bytes>> {
    let version_ok = req
        .headers()
        .get(header::SEC_WEBSOCKET_VERSION)
        .is_some_and(|v| v == "13");
    let Some(key) = req.headers().get(header::SEC_WEBSOCKET_KEY).cloned() else {
        return plain(
            StatusCode::BAD_REQUEST,
            "nitro-devnode: WebSocket handshake without Sec-WebSocket-Key\n",
        );
    };
    if !version_ok {
        let mut r = plain(
            StatusCode::UPGRADE_REQUIRED,
            "nitro-devnode: WebSocket version 13 only\n",
        );
        r.headers_mut().insert(
            header::SEC_WEBSOCKET_VERSION,
            header::HeaderValue::from_static("13"),
        );
        return r;
    }
    let Some((id, close)) = host.admit_websocket() else {
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "nitro-devnode: too many WebSocket connections\n",
        );
    };
    let accept = derive_accept_key(key.as_bytes());
    tokio::spawn(async move {
        if let Ok(upgraded) = hyper::upgrade::on(req).await {
            session(TokioIo::new(upgraded), host.chain().clone(), close).await;
        }
        host.release(id);
    });
    let mut r = Response::new(Full::new(Bytes::new()));
    *r.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let h = r.headers_mut();
    h.insert(
        header::UPGRADE,
        header::HeaderValue::from_static("websocket"),
    );
    h.insert(
        header::CONNECTION,
        header::HeaderValue::from_static("Upgrade"),
    );
    if let Ok(v) = header::HeaderValue::from_str(&accept) {
        h.insert(header::SEC_WEBSOCKET_ACCEPT, v);
    }
    r
}

/// A subscription: what it reports and the filter behind it.
type Subscriptions = BTreeMap<String, (SubscriptionKind, u64)>;

/// Runs chain work on the blocking pool (big stacks); `None` when the node is stopping.
async fn on_chain<T: Send + 'static>(
    chain: &Arc<Mutex<Chain>>,
    f: impl FnOnce(&mut Chain) -> T + Send + 'static,
) -> Option<T> {
    let chain = chain.clone();
    tokio::task::spawn_blocking(move || f(&mut chain.lock().unwrap_or_else(|e| e.into_inner())))
        .await
        .ok()
}

async fn session<S>(io: S, chain: Arc<Mutex<Chain>>, close: Arc<Notify>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let config = WebSocketConfig::default()
        .max_message_size(Some(MAX_BODY))
        .max_frame_size(Some(MAX_BODY));
    let mut ws = WebSocketStream::from_raw_socket(io, Role::Server, Some(config)).await;
    let mut subs = Subscriptions::new();
    let mut poll = tokio::time::interval(POLL);
    poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    'session: loop {
        let out: Vec<String> = tokio::select! {
            msg = ws.next() => match msg {
                Some(Ok(Message::Text(t))) => answer(t.as_bytes(), &mut subs, &chain).await.into_iter().collect(),
                Some(Ok(Message::Binary(b))) => answer(&b, &mut subs, &chain).await.into_iter().collect(),
                // Pings are answered and closes confirmed by tungstenite on the next read.
                Some(Ok(_)) => vec![],
                Some(Err(_)) | None => break,
            },
            _ = poll.tick(), if !subs.is_empty() => notifications(&subs, &chain).await,
            _ = close.notified() => {
                let _ = ws.close(None).await;
                break;
            }
        };
        for text in out {
            if ws.send(Message::text(text)).await.is_err() {
                break 'session;
            }
        }
    }
    let filters: Vec<u64> = subs.values().map(|(_, f)| *f).collect();
    on_chain(&chain, move |c| {
        for f in filters {
            c.uninstall_filter(f);
        }
    })
    .await;
}

/// Answers one message: subscriptions here, everything else as over HTTP.
async fn answer(msg: &[u8], subs: &mut Subscriptions, chain: &Arc<Mutex<Chain>>) -> Option<String> {
    if let Ok(Body::Single(raw)) = envelope::parse_body(msg) {
        let call = envelope::parse_request(raw);
        if let Ok((method, params)) = &call.method {
            if method == "eth_subscribe" || method == "eth_unsubscribe" {
                let outcome = match EthRequest::parse(method, params.clone()) {
                    Ok(EthRequest::Subscribe { kind, filter }) => {
                        subscribe(kind, filter, subs, chain).await
                    }
                    Ok(EthRequest::Unsubscribe { id }) => {
                        let filter = subs.remove(&id).map(|(_, f)| f);
                        let removed = match filter {
                            Some(f) => on_chain(chain, move |c| c.uninstall_filter(f))
                                .await
                                .unwrap_or(false),
                            None => false,
                        };
                        Ok(json!(removed))
                    }
                    Ok(_) => Err(RpcError::new(-32603, "internal error: unexpected request")),
                    Err(e) => Err(e),
                };
                return call.id.map(|id| envelope::response(Some(id), &outcome));
            }
        }
    }
    let body = msg.to_vec();
    let chain = chain.clone();
    tokio::task::spawn_blocking(move || handle_body(&chain, &body))
        .await
        .ok()
        .flatten()
}

async fn subscribe(
    kind: SubscriptionKind,
    filter: Option<Filter>,
    subs: &mut Subscriptions,
    chain: &Arc<Mutex<Chain>>,
) -> Result<Value, RpcError> {
    let filter_kind = match kind {
        SubscriptionKind::NewHeads => FilterKind::Blocks,
        SubscriptionKind::NewPendingTransactions => FilterKind::PendingTransactions,
        SubscriptionKind::Logs => FilterKind::Logs(filter.map(|f| f.0).unwrap_or_default()),
    };
    let id = on_chain(chain, move |c| c.new_filter(filter_kind))
        .await
        .ok_or_else(|| RpcError::new(-32603, "internal error: node stopping"))?;
    let sub = format!("{id:#x}");
    subs.insert(sub.clone(), (kind, id));
    Ok(json!(sub))
}

/// What each subscription's filter gathered since the last poll, as notifications.
async fn notifications(subs: &Subscriptions, chain: &Arc<Mutex<Chain>>) -> Vec<String> {
    let subs = subs.clone();
    on_chain(chain, move |c| {
        let mut out = Vec::new();
        for (sub, (kind, filter)) in subs {
            if kind == SubscriptionKind::NewPendingTransactions {
                continue;
            }
            let items: Vec<Value> = match c.filter_changes(filter) {
                Ok(FilterChanges::Hashes(hashes)) => hashes
                    .iter()
                    .filter_map(|h| c.block_by_hash(*h))
                    .map(|b| block_json(b, None))
                    .collect(),
                Ok(FilterChanges::Logs(logs)) => logs.iter().map(log_json).collect(),
                Err(_) => continue,
            };
            for result in items {
                out.push(
                    json!({"jsonrpc": "2.0", "method": "eth_subscription",
                        "params": {"subscription": sub, "result": result}})
                    .to_string(),
                );
            }
        }
        out
    })
    .await
    .unwrap_or_default()
}
