// The design-card entry point. n8n finds the nodes and the credential through package.json
// ("n8n" section); this file is not published (package.json "files" holds only dist/).
module.exports = {};
