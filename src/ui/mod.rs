//! The browser trainer (placeholder until the real front end lands).

use yew::prelude::*;

use crate::sim::scenario::builtins;

#[component]
fn App() -> Html {
    let scenarios = builtins();
    html! {
        <main data-testid="scenario-picker">
            <h1>{ "Cluster Drill" }</h1>
            <ul>
                { for scenarios.iter().map(|s| html! { <li>{ s.title.clone() }</li> }) }
            </ul>
        </main>
    }
}

pub fn start() {
    yew::Renderer::<App>::new().render();
}
