/**
 * GET and PATCH /settings, with the answers Whapi might give where nobody has shown its real one:
 * header values masked on read (`options.maskHeaders`), or no `webhooks` at all
 * (`options.settingsWithoutWebhooks`). What is stored is never masked: `whapi.webhooks` is the truth.
 */
'use strict';

const spec = require('./spec');

const { errorAnswer, clone, isObject } = spec;

/** The settings as GET /settings shows them. */
function shownSettings(whapi, settings = whapi.settings) {
	const shown = clone(settings);
	const { maskHeaders, settingsWithoutWebhooks } = whapi.options;
	if (settingsWithoutWebhooks) delete shown.webhooks;
	if (maskHeaders && Array.isArray(shown.webhooks)) {
		const mask = typeof maskHeaders === 'string' ? maskHeaders : '***';
		for (const entry of shown.webhooks) {
			for (const name of Object.keys(entry.headers ?? {})) entry.headers[name] = mask;
		}
	}
	return shown;
}

function getSettings(whapi) {
	return [200, shownSettings(whapi)];
}

function patchSettings(whapi, body) {
	if (!isObject(body)) return errorAnswer(400, 'Wrong settings format', 'body must be a JSON object');
	const problem = ('webhooks' in body ? spec.webhooksProblem(body.webhooks) : undefined) ?? spec.settingsProblem(body);
	if (problem) return errorAnswer(400, 'Wrong settings format', problem);
	const before = clone(whapi.settings);
	// Only the fields sent change, and `webhooks` is replaced whole, never merged entry by entry.
	for (const key of Object.keys(body)) {
		if (key === 'webhooks') whapi.settings.webhooks = body.webhooks.map(spec.withWebhookDefaults);
		else if (key in whapi.settings) whapi.settings[key] = clone(body[key]);
	}
	const changed = (key) => JSON.stringify(before[key]) !== JSON.stringify(whapi.settings[key]);
	const changes = Object.keys(before).filter(changed);
	return [200, { before_update: shownSettings(whapi, before), after_update: shownSettings(whapi), changes }];
}

module.exports = { getSettings, patchSettings };
