#!/bin/bash
# Flotilla worker install script: ONE script, two uses (packer/README.md).
#
#  * At boot on a stock image (Amazon Linux 2023, Debian 12, Ubuntu 24.04): the instance's user-data fetches it
#    from the appliance (GET /api/v1/agent/install.sh) and runs it as root. It reads /run/flotilla/agent.env
#    (appliance URL, one-time bootstrap token, certificate pins), downloads the files the appliance's manifest
#    lists (GET /api/v1/agent/runtime: pinned requirements, the agent's unit, the appliance's flotilla wheel, a
#    wheelhouse for air-gapped installs), each checked against its SHA-256, installs uv and the virtual
#    environment, writes the agent's systemd unit and starts it. The token is only shown, never spent: the agent
#    trades it once for its certificates. The manifest names the index (the workspace's private one, then the
#    appliance's as its fallback; or the appliance's) and may carry its credentials (index-auth <base64 of
#    user:password>): they reach curl only on stdin and uv only in its environment (the named index "flotilla"),
#    never a command line, never the output.
#  * At Packer build time (packer/worker): install.sh --from DIR --no-start [--container-runtime docker|podman]
#    [--nvidia-driver BRANCH] installs the same from the files Packer uploaded, without starting anything.
#
# install.sh --print-plan [options] prints what it would install on this OS and exits.
set -euo pipefail
umask 022

PREFIX=/opt/flotilla
ENV_FILE=/run/flotilla/agent.env
UNIT_DIR=/etc/systemd/system
UNIT=flotilla-agent.service
AGENT_USER=flotilla
STATE_DIR=/var/lib/flotilla
OS_RELEASE=${FLOTILLA_OS_RELEASE:-/etc/os-release}
UV_VERSION=0.13.9

from=""
start=1
plan=0
container_runtime=none
nvidia=none
index_url=https://pypi.org/simple
index_user=""
index_password=""
fallback_index_url=""

say() { echo "flotilla-install: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

usage() {
    cat <<'EOF'
Usage: install.sh [--from DIR [--index-url URL|none]] [--no-start] [--container-runtime none|docker|podman]
                  [--nvidia-driver none|BRANCH] [--print-plan]
Without --from, reads /run/flotilla/agent.env and downloads the runtime from the appliance.
EOF
}

while [ $# -gt 0 ]; do
    case "$1" in
        --from) from=${2:?--from needs a directory}; shift 2 ;;
        --index-url) index_url=${2:?--index-url needs a URL or none}; shift 2 ;;
        --no-start) start=0; shift ;;
        --container-runtime) container_runtime=${2:?}; shift 2 ;;
        --nvidia-driver) nvidia=${2:?}; shift 2 ;;
        --print-plan) plan=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown option $1" ;;
    esac
done
case "$container_runtime" in none | docker | podman) ;; *) die "--container-runtime is none, docker or podman, not $container_runtime" ;; esac
[[ "$nvidia" == none || "$nvidia" =~ ^[0-9]+$ ]] || die "--nvidia-driver is none or a driver branch such as 550, not $nvidia"

# --- The operating system: what each supported one has and needs ----------------------------------------------
detect_os() {
    [ -r "$OS_RELEASE" ] || die "cannot read $OS_RELEASE to tell the operating system"
    local id version
    # shellcheck source=/dev/null
    id=$(. "$OS_RELEASE" && echo "${ID:-}")
    # shellcheck source=/dev/null
    version=$(. "$OS_RELEASE" && echo "${VERSION_ID:-}")
    case "$id:$version" in
        amzn:2023)
            OS=al2023 PKG=dnf PYTHON=python3.11 NVIDIA_REPO=amzn2023
            BASE_PACKAGES=(python3.11 curl-minimal tar shadow-utils)
            DOCKER_PACKAGES=(docker) PODMAN_PACKAGES=(podman) ;;
        debian:12)
            OS=debian12 PKG=apt PYTHON=python3 NVIDIA_REPO=debian12
            BASE_PACKAGES=(python3 curl ca-certificates passwd)
            DOCKER_PACKAGES=(docker.io) PODMAN_PACKAGES=(podman) ;;
        ubuntu:24.04)
            OS=ubuntu2404 PKG=apt PYTHON=python3 NVIDIA_REPO=ubuntu2404
            BASE_PACKAGES=(python3 curl ca-certificates passwd)
            DOCKER_PACKAGES=(docker.io) PODMAN_PACKAGES=(podman) ;;
        *) die "unsupported operating system '$id $version' (supported: Amazon Linux 2023, Debian 12, Ubuntu 24.04)" ;;
    esac
}

apt_updated=0
pkg_install() {
    if [ "$plan" = 1 ]; then
        echo "$PKG install $*"
        return
    fi
    say "installing $* with $PKG"
    if [ "$PKG" = dnf ]; then
        dnf install -y -q "$@"
    else
        if [ "$apt_updated" = 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get update -q
            apt_updated=1
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
    fi
}

# The base packages an instance lacks (all of them in plan mode).
install_base() {
    local missing=() package
    for package in "${BASE_PACKAGES[@]}"; do
        case "$package" in
            python3 | python3.11) command -v "$PYTHON" >/dev/null 2>&1 && [ "$plan" = 0 ] && continue ;;
            curl | curl-minimal) command -v curl >/dev/null 2>&1 && [ "$plan" = 0 ] && continue ;;
            tar) command -v tar >/dev/null 2>&1 && [ "$plan" = 0 ] && continue ;;
            shadow-utils | passwd) command -v useradd >/dev/null 2>&1 && [ "$plan" = 0 ] && continue ;;
            ca-certificates) [ -e /etc/ssl/certs/ca-certificates.crt ] && [ "$plan" = 0 ] && continue ;;
        esac
        missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then pkg_install "${missing[@]}"; fi
}

install_container_runtime() {
    case "$container_runtime" in
        none) return ;;
        docker) pkg_install "${DOCKER_PACKAGES[@]}"; run systemctl enable docker.service ;;
        podman) pkg_install "${PODMAN_PACKAGES[@]}" ;;
    esac
}

# The NVIDIA driver from NVIDIA's CUDA repository for this OS (GPU worker images).
install_nvidia_driver() {
    [ "$nvidia" = none ] && return
    local arch repo
    arch=$(uname -m)
    [ "$arch" = aarch64 ] && arch=sbsa
    repo=https://developer.download.nvidia.com/compute/cuda/repos/$NVIDIA_REPO/$arch
    if [ "$PKG" = dnf ]; then
        pkg_install dkms "kernel-devel-$(uname -r)" "kernel-modules-extra-$(uname -r)"
        run dnf config-manager --add-repo "$repo/cuda-$NVIDIA_REPO.repo"
        run dnf module install -y -q "nvidia-driver:$nvidia-dkms"
    else
        run curl -fsSLo /tmp/cuda-keyring.deb "$repo/cuda-keyring_1.1-1_all.deb"
        run dpkg -i /tmp/cuda-keyring.deb
        apt_updated=0
        pkg_install "linux-headers-$(uname -r)" "cuda-drivers-$nvidia"
    fi
}

run() {
    if [ "$plan" = 1 ]; then echo "run $*"; else "$@"; fi
}

detect_os
if [ "$plan" = 1 ]; then
    echo "os $OS"
    echo "python $PYTHON"
    install_base
    install_container_runtime
    install_nvidia_driver
    echo "uv $UV_VERSION"
    echo "unit $UNIT_DIR/$UNIT"
    exit 0
fi
[ "$(id -u)" = 0 ] || die "must run as root"

# --- The runtime files: from the appliance (boot) or from a directory (Packer build) ---------------------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dist=$work/dist
mkdir -p "$dist"

fetch() { # <path below the appliance URL> <output file>
    printf 'header = "Authorization: Bearer %s"\n' "$FLOTILLA_AGENT_TOKEN" |
        curl --config - -fsS --retry 10 --retry-delay 2 --retry-connrefused --connect-timeout 10 "${tls[@]}" \
            -o "$2" "$FLOTILLA_AGENT_URL$1"
}

if [ -z "$from" ]; then
    [ -r "$ENV_FILE" ] || die "$ENV_FILE is missing: the instance's user-data writes it"
    # shellcheck source=/dev/null
    FLOTILLA_AGENT_URL=$(. "$ENV_FILE" && echo "${FLOTILLA_AGENT_URL:-}")
    # shellcheck source=/dev/null
    FLOTILLA_AGENT_TOKEN=$(. "$ENV_FILE" && echo "${FLOTILLA_AGENT_TOKEN:-}")
    # shellcheck source=/dev/null
    pin=$(. "$ENV_FILE" && echo "${FLOTILLA_AGENT_PUBKEY_PIN:-}")
    if [ -z "$FLOTILLA_AGENT_URL" ] || [ -z "$FLOTILLA_AGENT_TOKEN" ]; then
        die "$ENV_FILE lacks FLOTILLA_AGENT_URL or FLOTILLA_AGENT_TOKEN"
    fi
    tls=()
    if [ -n "$pin" ]; then tls=(--proto "=https" --insecure --pinnedpubkey "$pin"); fi
    command -v curl >/dev/null 2>&1 || install_base
    fetch /api/v1/agent/runtime "$work/manifest"
    : >"$work/sums"
    : >"$work/downloads"
    while read -r kind first second; do
        case "$kind" in
            '' | '#'*) ;;
            index-url) index_url=$first ;;
            fallback-index-url) fallback_index_url=$first ;;
            index-auth)
                [[ "$first" =~ ^[A-Za-z0-9+/]+=*$ ]] || die "bad manifest line: index-auth (not base64)"
                credentials=$(printf '%s' "$first" | base64 -d) || die "bad manifest line: index-auth (not base64)"
                [[ "$credentials" == *:* ]] || die "bad manifest line: index-auth (not user:password)"
                index_user=${credentials%%:*} index_password=${credentials#*:}
                unset credentials ;;
            file)
                [[ "$second" =~ ^[A-Za-z0-9_.+!-]+$ && "$first" =~ ^[0-9a-f]{64}$ ]] || die "bad manifest line: $kind $first $second"
                printf 'url = "%s/api/v1/agent/runtime/%s"\noutput = "%s/%s"\n' "$FLOTILLA_AGENT_URL" "$second" "$dist" "$second" >>"$work/downloads"
                echo "$first  $dist/$second" >>"$work/sums" ;;
            *) die "unknown manifest line: $kind" ;;
        esac
    done <"$work/manifest"
    # one curl for every file: one pinned TLS connection, the token again only on stdin
    { printf 'header = "Authorization: Bearer %s"\n' "$FLOTILLA_AGENT_TOKEN"; cat "$work/downloads"; } |
        curl --config - -fsS --retry 10 --retry-delay 2 --retry-connrefused --connect-timeout 10 "${tls[@]}"
    sha256sum --check --quiet "$work/sums" || die "a downloaded runtime file does not match the appliance's manifest"
    say "downloaded $(wc -l <"$work/sums") runtime files from the appliance"
else
    [ -d "$from" ] || die "--from $from is not a directory"
    cp -a "$from"/. "$dist"/
fi
for required in requirements.txt requirements-aws.txt flotilla-agent.service; do
    [ -f "$dist/$required" ] || die "the runtime files lack $required"
done
wheels=("$dist"/flotilla-*.whl)
if [ ! -f "${wheels[0]}" ] || [ ${#wheels[@]} != 1 ]; then die "the runtime files need exactly one flotilla wheel"; fi

install_base
install_container_runtime
install_nvidia_driver

# --- uv, from the wheelhouse or the index -----------------------------------------------------------------------
curl_quote() { # a value for a curl config file: "..." with \ and " escaped
    local value=${1//\\/\\\\}
    printf '"%s"' "${value//\"/\\\"}"
}
shown() { # a URL without the user:password it may carry, for messages
    printf '%s' "$1" | sed -E 's#://[^/@]*@#://***@#'
}
index_get() { # <url> <output file> <index>: the manifest's credentials only for index_url's own host, on stdin
    local origin
    origin=$(printf '%s' "$3" | sed -E 's#^([A-Za-z][A-Za-z0-9+.-]*://[^/]+).*#\1#')
    {
        printf 'url = %s\noutput = %s\n' "$(curl_quote "$1")" "$(curl_quote "$2")"
        if [ "$3" = "$index_url" ] && [ -n "$index_user$index_password" ] && [[ "$1" == "$origin"/* ]]; then
            printf 'user = %s\n' "$(curl_quote "$index_user:$index_password")"
        fi
    } | curl --config - -fsSL
}
uv_on_index() { # <index>: prints "<wheel URL> <sha256>" of the pinned uv wheel for this machine, if the index has it
    local base=${1%/}/uv/
    index_get "$base" "$work/uv-index.html" "$1" || return 0
    "$PYTHON" - "$work/uv-index.html" "$base" "$UV_VERSION" "$arch" <<'PY'
import re, sys, urllib.parse
page, base, version, arch = sys.argv[1:5]
for href in re.findall(r'href="([^"]+)"', open(page, encoding="utf-8").read()):
    url, _, fragment = href.partition("#")
    name = urllib.parse.unquote(url.rsplit("/", 1)[-1])
    if re.fullmatch(rf"uv-{re.escape(version)}-py3-none-.*manylinux.*{arch}\.whl", name) and fragment.startswith("sha256="):
        print(urllib.parse.urljoin(base, url), fragment[7:])
        break
PY
}
arch=$(uname -m)
uv_wheel=$(find "$dist" -maxdepth 1 -name "uv-$UV_VERSION-py3-none-*manylinux*$arch.whl" | head -n 1)
if [ -z "$uv_wheel" ]; then
    [ "$index_url" != none ] || die "no uv $UV_VERSION wheel for $arch among the runtime files (air-gapped install)"
    uv_from=$index_url
    read -r uv_url uv_sha < <(uv_on_index "$uv_from") || true
    if [ -z "${uv_url:-}" ] && [ -n "$fallback_index_url" ]; then
        say "no uv $UV_VERSION wheel for $arch on $(shown "$index_url"): trying $(shown "$fallback_index_url")"
        uv_from=$fallback_index_url
        read -r uv_url uv_sha < <(uv_on_index "$uv_from") || true
    fi
    [ -n "${uv_url:-}" ] || die "the index $(shown "$uv_from") has no uv $UV_VERSION wheel for $arch"
    uv_wheel=$work/uv.whl
    index_get "$uv_url" "$uv_wheel" "$uv_from"
    echo "$uv_sha  $uv_wheel" | sha256sum --check --quiet || die "the uv wheel does not match the index's SHA-256"
fi
mkdir -p "$PREFIX/bin"
"$PYTHON" - "$uv_wheel" "$PREFIX/bin/uv" <<'PY'
import os, shutil, sys, zipfile
wheel, target = sys.argv[1:3]
with zipfile.ZipFile(wheel) as z:
    member = next(n for n in z.namelist() if n.endswith(".data/scripts/uv"))
    with z.open(member) as src, open(target + ".new", "wb") as dst:
        shutil.copyfileobj(src, dst)
os.chmod(target + ".new", 0o755)
os.replace(target + ".new", target)
PY
uv=$PREFIX/bin/uv

# --- The virtual environment: the pinned runtime, then the appliance's own flotilla wheel -----------------------
export UV_CACHE_DIR=$work/uv-cache UV_PYTHON_DOWNLOADS=never UV_LINK_MODE=copy UV_NO_PROGRESS=1
index=(--no-index)
if [ "$index_url" != none ]; then index=(); fi
rm -rf "$PREFIX/venv"
"$uv" venv --quiet --python "$(command -v "$PYTHON")" "$PREFIX/venv"
( # the index, named flotilla so that uv takes its credentials from UV_INDEX_FLOTILLA_*, only for this uv command;
  # with a fallback (the appliance's index after a workspace's), uv asks flotilla first, as builds do
    if [ "$index_url" != none ] && [ -n "$fallback_index_url" ]; then
        export UV_INDEX="flotilla=$index_url" UV_DEFAULT_INDEX="$fallback_index_url"
    elif [ "$index_url" != none ]; then
        export UV_DEFAULT_INDEX="flotilla=$index_url"
    fi
    if [ -n "$index_user$index_password" ]; then
        export UV_INDEX_FLOTILLA_USERNAME="$index_user" UV_INDEX_FLOTILLA_PASSWORD="$index_password"
    fi
    extras=(-r "$dist/requirements-aws.txt")
    # the GCP extras when the runtime files have them (the appliance serves them; older Packer builds lack them)
    if [ -f "$dist/requirements-gcp.txt" ]; then extras+=(-r "$dist/requirements-gcp.txt"); fi
    exec "$uv" pip install --quiet --python "$PREFIX/venv/bin/python" "${index[@]}" --find-links "$dist" \
        -r "$dist/requirements.txt" "${extras[@]}"
)
"$uv" pip install --quiet --python "$PREFIX/venv/bin/python" --no-deps --no-index "${wheels[0]}"
say "installed $(basename "${wheels[0]}") in $PREFIX/venv"

# --- The agent's user and systemd unit ---------------------------------------------------------------------------
if ! id -u "$AGENT_USER" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir "$STATE_DIR" --no-create-home \
        --shell "$(command -v nologin || echo /usr/sbin/nologin)" "$AGENT_USER"
fi
if getent group docker >/dev/null 2>&1; then usermod -a -G docker "$AGENT_USER"; fi
install -d -m 0755 "$UNIT_DIR"
install -m 0644 "$dist/flotilla-agent.service" "$UNIT_DIR/$UNIT"
systemctl daemon-reload
if [ "$start" = 1 ]; then
    systemctl start --no-block "$UNIT"
    say "started $UNIT"
fi
