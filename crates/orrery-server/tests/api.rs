//! The API answers with the library's numbers and schemas, and every bad or oversized
//! request gets a 4xx JSON error that names the problem or the limit.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use orrery_server::limits::Limits;
use orrery_server::{router, AppState, Config};
use serde_json::Value;
use tower::ServiceExt;

fn app_with(limits: Limits) -> axum::Router {
    let cfg = Config {
        // The bundled active catalog, not whatever a cache on this machine holds.
        catalog: Some(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../orrery-sat/data/celestrak-active-2026-05-07.txt"),
        ),
        limits,
        ..Config::default()
    };
    router(AppState::new(cfg).expect("state"))
}

fn app() -> axum::Router {
    app_with(Limits::default())
}

async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    body: Vec<u8>,
) -> (StatusCode, Value, String) {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "127.0.0.1:8737")
        .body(Body::from(body))
        .unwrap();
    let r = app.clone().oneshot(req).await.unwrap();
    let status = r.status();
    let bytes = r.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).to_string();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    )
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let (s, v, _) = call(app, "GET", uri, vec![]).await;
    (s, v)
}

/// The first place where `a` and `b` differ, as a path with both values.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let (u, v) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                if let Some(d) = first_difference(u, v, &format!("{path}.{k}")) {
                    return Some(d);
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (u, v))| first_difference(u, v, &format!("{path}[{i}]"))),
        // serde_json reads floats to within an ulp or so (no `float_roundtrip`).
        (Value::Number(x), Value::Number(y))
            if (x.as_f64().unwrap() - y.as_f64().unwrap()).abs()
                <= 1e-12 * x.as_f64().unwrap().abs().max(1.0) =>
        {
            None
        }
        _ if a == b => None,
        _ => Some(format!("{path}: {} vs {}", short(a), short(b))),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    s.chars().take(200).collect()
}

fn assert_same(a: &Value, b: &Value) {
    if let Some(d) = first_difference(a, b, "") {
        panic!("the server's document differs from the library's at {d}");
    }
}

fn error_of(v: &Value) -> (&str, &str, Option<&str>) {
    let e = &v["error"];
    (
        e["code"].as_str().unwrap_or(""),
        e["message"].as_str().unwrap_or(""),
        e["limit"].as_str(),
    )
}

#[tokio::test]
async fn health_names_catalog_ephemeris_and_limits() {
    let (s, v) = get(&app(), "/api/health").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["status"], "ok");
    assert!(v["satellites"].as_u64().unwrap() > 15_000);
    assert_eq!(v["limits"]["max_porkchop_cells"], 250_000);
}

#[tokio::test]
async fn sunset_in_paris_matches_the_library_and_the_published_time() {
    let app = app();
    let (s, v) = get(&app, "/api/sky?city=Paris&night=2026-06-21").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let sunset = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["body"] == "sun" && e["kind"] == "set")
        .expect("a sunset");
    // 21 June 2026, Paris: sunset 21:58 CEST = 19:58 UTC (timeanddate.com, to the minute).
    let t = orrery::time::parse_epoch(sunset["time_utc"].as_str().unwrap()).unwrap();
    let published = orrery::time::parse_epoch("2026-06-21T19:58:00 UTC").unwrap();
    assert!((t - published).to_seconds().abs() < 60.0, "{t}");
    // The same document as the library's (the CLI's `orrery sky --format json`).
    use orrery::localtime::LocalZone;
    use orrery::sky::almanac::{almanac, night, AlmanacRequest, ObserverInfo, SkyBody};
    let zone = LocalZone::named("Europe/Paris").unwrap();
    let (start, end) = night("2026-06-21", &zone).unwrap();
    let site = orrery::cities::site(Some("Paris"), None, 0.0)
        .unwrap()
        .unwrap();
    let g = site.observer.geodetic;
    let req = AlmanacRequest {
        info: ObserverInfo {
            name: "Paris".into(),
            lat_deg: g.lat.to_degrees(),
            lon_deg: g.lon.to_degrees(),
            alt_m: g.alt * 1000.0,
            time_zone: Some("Europe/Paris".into()),
        },
        observer: site.observer,
        zone: Some(zone),
        start,
        end,
        at: start,
        bodies: SkyBody::ALL.to_vec(),
    };
    let lib = almanac(&orrery::ephem::Source::builtin(), &req).unwrap();
    assert_same(&v, &serde_json::to_value(&lib).unwrap());
}

#[tokio::test]
async fn iss_passes_are_the_library_rows_with_sky_paths() {
    let app = app();
    let (s, v) = get(
        &app,
        "/api/passes?sats=25544&city=Paris&from=2026-05-08T00:00:00Z&span=1d&paths=true",
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let passes = v["passes"].as_array().unwrap();
    assert!(passes.len() >= 4, "{}", passes.len());
    assert_eq!(v["paths"].as_array().unwrap().len(), passes.len());
    // Each path peaks at the culmination's elevation.
    for (p, path) in passes.iter().zip(v["paths"].as_array().unwrap()) {
        let els: Vec<f64> = path
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["elevation_deg"].as_f64().unwrap())
            .collect();
        let top = els.iter().cloned().fold(f64::MIN, f64::max);
        let culm = p["culmination"]["elevation_deg"].as_f64().unwrap();
        assert!((top - culm).abs() < 1e-6, "{top} vs {culm}");
    }
    // The library's rows for the same request.
    use orrery::sat::passes::{predict_passes, PassOptions, PassRow};
    let cat = orrery::sat::Catalog::bundled_active().unwrap();
    let iss = cat.one("25544").unwrap();
    let paris = orrery::city("Paris").unwrap();
    let t0 = orrery::time("2026-05-08T00:00:00Z").unwrap();
    let sun = orrery::ephem::Source::builtin();
    let list = predict_passes(
        &[iss],
        &paris,
        t0,
        t0 + orrery::Unit::Day * 1,
        &PassOptions::default(),
        Some(&sun),
        false,
    );
    let zone = orrery::localtime::LocalZone::named("Europe/Paris").unwrap();
    let rows: Vec<PassRow> = list
        .passes
        .iter()
        .map(|(s, p)| PassRow::new(s, p, &zone))
        .collect();
    assert_same(&v["passes"], &serde_json::to_value(&rows).unwrap());
    // And the calendar of the same passes.
    let (s, _, ics) = call(
        &app,
        "GET",
        "/api/passes.ics?sats=25544&city=Paris&from=2026-05-08T00:00:00Z&span=1d",
        vec![],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), rows.len());
}

#[tokio::test]
async fn porkchop_2020_matches_the_library_and_refuses_huge_grids() {
    let app = app();
    let (s, v) = get(&app, "/api/porkchop?from=earth&to=mars&depart=2020-06-01..2020-09-30&arrive=2020-12-01..2021-06-30&step=5d").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // Least C3 of the 2020 window on the built-in ephemeris near the DE421 value of
    // docs/porkchop.md (13.09 km²/s², 2020-07-30 → 2021-02-18) at a 5-day grid.
    let c3 = v["min_c3"]["c3_km2_s2"].as_f64().unwrap();
    assert!((c3 - 13.1).abs() < 0.6, "{c3}");
    use orrery::transfer::porkchop::{compute, DateRange, EndOrbits, PorkchopSpec};
    let t = |s: &str| orrery::time(s).unwrap();
    let spec = PorkchopSpec {
        from: orrery::Body::EARTH,
        to: orrery::Body::MARS,
        center: orrery::Body::SUN,
        depart: DateRange {
            start: t("2020-06-01"),
            end: t("2020-09-30"),
            step: orrery::Unit::Day * 5,
        },
        arrive: DateRange {
            start: t("2020-12-01"),
            end: t("2021-06-30"),
            step: orrery::Unit::Day * 5,
        },
        orbits: EndOrbits::default(),
    };
    let lib = compute(&spec, &orrery::ephem::Source::builtin())
        .unwrap()
        .grid_columns();
    assert_same(&v, &serde_json::to_value(&lib).unwrap());

    let (s, v) = get(
        &app,
        "/api/porkchop?depart=2020-01-01..2021-01-01&arrive=2020-06-01..2022-01-01&step=1h",
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (code, msg, limit) = error_of(&v);
    assert_eq!(
        (code, limit),
        ("limit", Some("max_porkchop_cells = 250000")),
        "{msg}"
    );
}

#[tokio::test]
async fn bad_inputs_are_one_line_4xx_json_errors() {
    let app = app();
    for (uri, status, words) in [
        (
            "/api/sky?city=Pariss&night=2026-06-21",
            400,
            "did you mean 'Paris'",
        ),
        (
            "/api/sky?lat_deg=95&lon_deg=0",
            400,
            "latitude must be within",
        ),
        ("/api/sky?city=Paris&night=tomorrow", 400, "YYYY-MM-DD"),
        ("/api/sky?city=Paris&span=400d", 422, "at most 31 days"),
        ("/api/passes?sats=NOSUCHSAT&city=Paris", 400, "NOSUCHSAT"),
        ("/api/passes?city=Paris&span=90", 400, "span"),
        (
            "/api/passes?sats=ISS&city=Paris",
            400,
            "name one by its full name or catalog number",
        ),
        ("/api/passes?city=Paris&span=-1d", 400, "span"),
        ("/api/track?sat=25544&step=1s&span=30d", 422, "track points"),
        (
            "/api/porkchop?depart=2020-06-01&arrive=2020-12-01..2021-06-30",
            400,
            "START..END",
        ),
        (
            "/api/porkchop?to=vulcan&depart=2020-06-01..2020-07-01&arrive=2020-12-01..2021-01-01",
            400,
            "vulcan",
        ),
        ("/api/cr3bp/family?kind=spiral", 400, "spiral"),
        ("/api/cr3bp/family?members=100000", 422, "members"),
        ("/api/time?at=yesterday-ish", 400, "at"),
        (
            "/api/satellites/positions?span=30d&step=1s",
            422,
            "positions",
        ),
        ("/api/transit/jobs/abc", 400, "number"),
        ("/api/transit/jobs/999", 404, "no transit job"),
        ("/api/nothing", 404, "no such page"),
    ] {
        let (s, v) = get(&app, uri).await;
        assert_eq!(s.as_u16(), status, "{uri}: {v}");
        let (_, msg, _) = error_of(&v);
        assert!(msg.contains(words), "{uri}: {msg}");
        assert!(!msg.contains('\n'), "{uri}: {msg}");
    }
    // A budget file with an error.
    let (s, v, _) = call(&app, "POST", "/api/budget", b"name = 1".to_vec()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
}

#[tokio::test]
async fn a_loopback_server_refuses_other_host_names() {
    let req = Request::builder()
        .uri("/api/health")
        .header("host", "evil.example:8737")
        .body(Body::empty())
        .unwrap();
    let r = app().oneshot(req).await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_documented_endpoint_exists_and_the_openapi_refs_resolve() {
    let app = app();
    let (s, doc) = get(&app, "/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    for e in orrery_server::api::meta::ENDPOINTS {
        let uri = e.path.replace("{id}", "1");
        for m in e.methods {
            let (_, v, _) = call(&app, &m.to_uppercase(), &uri, vec![]).await;
            let (_, msg, _) = error_of(&v);
            assert!(
                !msg.contains("no such page or endpoint"),
                "{m} {uri} is documented but not routed"
            );
        }
        assert!(doc["paths"][e.path].is_object(), "{}", e.path);
    }
    let text = doc.to_string();
    for r in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = &r[..r.find('"').unwrap()];
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "dangling $ref {name}"
        );
    }
}

#[tokio::test]
async fn pages_and_assets_are_embedded() {
    let app = app();
    for page in ["/", "/sky", "/live", "/mars", "/exoplanets", "/three-body"] {
        let (s, _, html) = call(&app, "GET", page, vec![]).await;
        assert_eq!(s, StatusCode::OK, "{page}");
        assert!(html.contains("/assets/app.js"));
    }
    for (name, _, body) in orrery_server::assets::FILES {
        let (s, _, text) = call(&app, "GET", &format!("/assets/{name}"), vec![]).await;
        assert_eq!(s, StatusCode::OK, "{name}");
        assert_eq!(text, *body);
        // Nothing from the network: no CDN, no remote import.
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{name} reaches out"
        );
    }
    let (s, _, _) = call(&app, "GET", "/assets/..%2F..%2FCargo.toml", vec![]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

/// A CSV light curve whose search takes seconds even in a release build (a
/// year of 2-minute cadence: 262,800 points, periods to a third of the
/// baseline), for the tests that must catch a job while it runs; the
/// bundled sample now takes well under a second.
fn long_light_curve_csv() -> Vec<u8> {
    let mut csv = String::from("time,flux,flux_err\n");
    let mut x: u64 = 7;
    for i in 0..262_800u64 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let noise = ((x >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 2e-3;
        csv.push_str(&format!(
            "{:.6},{:.7},0.001\n",
            i as f64 / 720.0,
            1.0 + noise
        ));
    }
    csv.into_bytes()
}

/// Starts a transit job on [`long_light_curve_csv`] and returns its id.
async fn start_long_job(app: &axum::Router) -> u64 {
    let (s, v, _) = call(
        app,
        "POST",
        "/api/transit/jobs?name=year.csv",
        long_light_curve_csv(),
    )
    .await;
    assert_eq!(s, StatusCode::ACCEPTED, "{v}");
    v["id"].as_u64().unwrap()
}

async fn wait_job(app: &axum::Router, id: u64) -> Value {
    for _ in 0..600 {
        let (_, v) = get(app, &format!("/api/transit/jobs/{id}")).await;
        if !matches!(v["state"].as_str(), Some("queued" | "running")) {
            return v;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("job {id} never finished");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transit_jobs_find_wasp_126_b_reject_corrupt_files_and_cancel() {
    let app = app();
    let (s, v, _) = call(
        &app,
        "POST",
        "/api/transit/jobs?sample=wasp-126&period_min_days=1&period_max_days=8&max_planets=1",
        vec![],
    )
    .await;
    assert_eq!(s, StatusCode::ACCEPTED, "{v}");
    let done = wait_job(&app, v["id"].as_u64().unwrap()).await;
    assert_eq!(done["state"], "done", "{done}");
    let p = done["result"]["search"]["candidates"][0]["period_days"]
        .as_f64()
        .unwrap();
    assert!((p / 3.28879 - 1.0).abs() < 1e-3, "{p}"); // WASP-126 b (TOI-114.01)
    assert!(!done["result"]["view"]["folds"][0]["model_flux"]
        .as_array()
        .unwrap()
        .is_empty());

    // A FITS file cut short is answered at once with the reader's message.
    let mut bytes = orrery::transit::sample::WASP_126_TESS_BYTES[..30_000].to_vec();
    bytes.truncate(30_000);
    let (s, v, _) = call(&app, "POST", "/api/transit/jobs?name=broken.fits", bytes).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert!(error_of(&v).1.contains("broken.fits"), "{v}");
    let (s, _, _) = call(&app, "POST", "/api/transit/jobs", vec![]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    // A search that takes seconds: cancelled, it stops.
    let id = start_long_job(&app).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let (s, v, _) = call(&app, "DELETE", &format!("/api/transit/jobs/{id}"), vec![]).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["state"], "cancelled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_answer_429_503_and_413_naming_the_limit() {
    // One slot, no queue: a second heavy request while one runs is told the server is busy.
    let app = app_with(Limits {
        heavy_jobs: 1,
        queue_wait_s: 0.05,
        ..Limits::default()
    });
    let id = start_long_job(&app).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (s, v) = get(
        &app,
        "/api/porkchop?depart=2020-06-01..2020-09-30&arrive=2020-12-01..2021-06-30&step=5d",
    )
    .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{v}");
    assert_eq!(error_of(&v).2, Some("heavy_jobs = 1, queue_wait_s = 0.05"));
    call(&app, "DELETE", &format!("/api/transit/jobs/{id}"), vec![]).await;

    // A computation past the time limit is stopped.
    let app = app_with(Limits {
        job_seconds: 0.0,
        ..Limits::default()
    });
    let (s, v) = get(
        &app,
        "/api/porkchop?depart=2020-06-01..2020-09-30&arrive=2020-12-01..2021-06-30&step=1d",
    )
    .await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{v}");
    assert_eq!(error_of(&v).0, "time_limit");

    // An upload over the size limit.
    let app = app_with(Limits {
        max_upload_bytes: 1 << 20,
        ..Limits::default()
    });
    let (s, v, _) = call(
        &app,
        "POST",
        "/api/transit/jobs?name=big.fits",
        vec![b' '; 2 << 20],
    )
    .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
    assert_eq!(error_of(&v).2, Some("max_upload_bytes = 1048576"));
}

#[tokio::test]
async fn three_body_family_and_nrho() {
    let app = app();
    let (s, v) = get(&app, "/api/cr3bp/orbit?kind=nrho").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // The 9:2 NRHO: period 6.56 d (two ninths of a synodic month of 29.53 d).
    let p = v["report"]["physical"]["period_days"].as_f64().unwrap();
    assert!((p - 29.530_589 * 2.0 / 9.0).abs() < 0.01, "{p}");
    assert_eq!(v["samples"].as_array().unwrap().len(), 400);
    let (s, v) = get(&app, "/api/cr3bp/family?kind=lyapunov&point=L1&members=10").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["physical"].as_array().unwrap().len(), 10);
    // The first L1 Lyapunov member's period is close to the linear one, 2π/λ ≈ 11.69 d
    // (Earth-Moon, λ = 2.3344 in units of the system's time, 4.343 d).
    let p0 = v["physical"][0]["period_days"].as_f64().unwrap();
    assert!((p0 - 11.69).abs() < 0.3, "{p0}");
}
