// n8n reads the node and credential paths from package.json's "n8n" section; nothing is exported here.
module.exports = {};
