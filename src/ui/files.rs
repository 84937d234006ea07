//! Reading a file the learner picks, and offering one for download.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OpenProps {
    pub label: AttrValue,
    pub accept: AttrValue,
    /// Called with (file name, text).
    pub on_text: Callback<(String, String)>,
    /// Called with a message when the file cannot be read.
    pub on_error: Callback<String>,
    /// The largest file read (`sim::limits`): a larger one is refused before it is read.
    pub max_bytes: usize,
    /// Several files may be picked at once; each is handed over in turn (at most `MANY`).
    #[prop_or_default]
    pub multiple: bool,
}

/// Most files read from one pick.
const MANY: u32 = 500;

/// A button that opens a file and hands over its text.
#[component]
pub fn OpenFile(p: &OpenProps) -> Html {
    // The readers must live until they call back.
    let readers: Rc<RefCell<Vec<FileReader>>> = use_mut_ref(Vec::new);
    let onchange = {
        let (on_text, on_error, max) = (p.on_text.clone(), p.on_error.clone(), p.max_bytes);
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(list) = input.files() else { return };
            let files: Vec<gloo::file::File> = (0..list.length().min(MANY)).filter_map(|i| list.get(i)).map(gloo::file::File::from).collect();
            input.set_value("");
            let mut readers = readers.borrow_mut();
            readers.clear();
            for file in files {
                let name = file.name();
                if file.size() > max as u64 {
                    on_error.emit(format!("{name} is {} KiB; at most {} KiB is read.", file.size().div_ceil(1024), max / 1024));
                    continue;
                }
                let (on_text, on_error) = (on_text.clone(), on_error.clone());
                readers.push(gloo::file::callbacks::read_as_text(&file, move |res| match res {
                    Ok(text) => on_text.emit((name, text)),
                    Err(e) => on_error.emit(format!("{name} could not be read: {e}")),
                }));
            }
        })
    };
    html! {
        <label class="button secondary file">
            { p.label.clone() }
            <input type="file" accept={p.accept.clone()} multiple={p.multiple} {onchange} />
        </label>
    }
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let blob = gloo::file::Blob::new_with_options(text, Some("text/plain"));
    let url = gloo::file::ObjectUrl::from(blob);
    if let Ok(a) = doc.create_element("a").and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().map_err(Into::into)) {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
}
