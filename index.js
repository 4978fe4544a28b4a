// Not loaded by n8n: n8n finds the nodes and the credential through package.json's "n8n" section,
// and this file is not published ("files" holds only dist/). It only lets `require()` of a source
// checkout succeed without a build, for tools that load a package to inspect it.
module.exports = {};
