//! What every command is given: the app (its state, its events) and the window that called.

use crate::state::AppState;
use serde::Serialize;
use tauri::{AppHandle, Manager, State, Window};

pub struct Cx {
    pub app: AppHandle,
    pub window: Window,
}

impl Cx {
    pub fn new(app: AppHandle, window: Window) -> Cx {
        Cx { app, window }
    }

    pub fn state(&self) -> State<'_, AppState> {
        self.app.state::<AppState>()
    }

    /// An event to the window (recorded for the leak scan's test hook, as every reply is).
    pub fn emit<T: Serialize + Clone>(&self, event: &str, payload: T) {
        crate::ipc::emit(&self.app, event, payload)
    }
}
