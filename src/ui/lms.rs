//! The bridge to an LMS: `clusterdrillLms`, which static/boot.js sets (from static/lms.js) only
//! when an LMS launched the page. The launch it read goes to the trainer; what the trainer says
//! the LMS should hold comes back to it. The standards' mechanics stay in lms.js; what is sent
//! is the trainer's (`trainer::lms`).

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::trainer::lms::{Launch, LaunchMode, Record, Standard};

fn bridge() -> Option<JsValue> {
    let b = Reflect::get(&js_sys::global(), &"clusterdrillLms".into()).ok()?;
    (!b.is_undefined() && !b.is_null()).then_some(b)
}

fn text(from: &JsValue, key: &str) -> Option<String> {
    Reflect::get(from, &key.into()).ok()?.as_string()
}

fn call(method: &str, arg: &JsValue) {
    let Some(b) = bridge() else { return };
    if let Some(f) = Reflect::get(&b, &method.into()).ok().and_then(|f| f.dyn_into::<Function>().ok()) {
        let _ = f.call1(&b, arg);
    }
}


/// The launch, if an LMS launched the page.
pub fn launch(draw: u64) -> Option<Launch> {
    let l = Reflect::get(&bridge()?, &"launch".into()).ok()?;
    let standard = match text(&l, "standard").as_deref() {
        Some("scorm12") => Standard::Scorm12,
        _ => Standard::Cmi5,
    };
    let mode_word = text(&l, "mode").unwrap_or_default();
    let mode = LaunchMode::parse(&mode_word);
    let problem = text(&l, "problem").or_else(|| mode.is_none().then(|| format!("the launch mode `{}` is not Normal, Browse or Review", crate::sim::limits::shown(&mode_word))));
    Some(Launch {
        standard,
        mode: mode.unwrap_or(LaunchMode::Normal),
        learner_id: text(&l, "learnerId").unwrap_or_default(),
        learner_name: text(&l, "learnerName").unwrap_or_default(),
        exam: text(&l, "exam"),
        resume: text(&l, "resume"),
        mastery_score: text(&l, "masteryScore"),
        problem,
        draw,
        live: Reflect::get(&l, &"live".into()).ok().and_then(|v| v.as_bool()).unwrap_or(false),
    })
}

/// Sends what the LMS should hold now.
pub fn record(r: &Record) {
    let o = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &k.into(), &v);
    };
    match r {
        Record::Nothing => return,
        Record::Progress(suspend) => {
            set("kind", "progress".into());
            set("suspend", suspend.as_deref().map_or(JsValue::NULL, JsValue::from));
        }
        Record::Done(out) => {
            set("kind", "done".into());
            set("score", out.score.into());
            set("passed", out.passed.into());
            set("scoreAgrees", out.score_agrees.into());
            set("passMark", out.pass_mark.into());
            set("durationSecs", out.duration_secs.into());
            set("resultCode", out.result_code.as_str().into());
            set("transcript", out.transcript.as_str().into());
            set("packed", out.packed.as_deref().map_or(JsValue::NULL, JsValue::from));
        }
    }
    call("record", &o);
}

/// Hands the bridge a way to tell the learner what went wrong with the LMS after the launch (a
/// result it did not take).
pub fn on_problem(tell: impl Fn(String) + 'static) {
    let Some(b) = bridge() else { return };
    let f = wasm_bindgen::closure::Closure::<dyn Fn(String)>::new(tell);
    let _ = Reflect::set(&b, &"onProblem".into(), f.as_ref());
    // The bridge lives as long as the page.
    f.forget();
}

/// The learner is done here: the LMS hears so (SCORM LMSFinish, cmi5 terminated) and takes
/// the page back (cmi5's returnURL).
pub fn leave() {
    call("leave", &JsValue::UNDEFINED);
}
