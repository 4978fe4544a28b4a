/**
 * The @lid phone resolver against a scripted transport: which answers count as "unknown", which
 * fail the item, and which chat IDs are never asked about.
 */
import { LidPhoneResolver } from '../../../nodes/shared/lidPhones';
import type { WhapiAnswer, WhapiCall, WhapiTransport } from '../../../nodes/shared/transport';

const LID = '271828182845904@lid';

/** A transport that answers every call with `answer`, recording the paths asked. */
function scripted(answer: Omit<WhapiAnswer, 'afterLostAnswer'>) {
	const paths: string[] = [];
	const transport = {
		send: async (call: WhapiCall): Promise<WhapiAnswer> => {
			paths.push(call.path);
			return { ...answer, afterLostAnswer: false };
		},
		failure: (call: WhapiCall, failed: WhapiAnswer) => new Error(`${call.path} failed with ${failed.status}`),
	} as unknown as WhapiTransport;
	return { paths, transport };
}

describe('LidPhoneResolver', () => {
	it('reads the phone from a 2xx answer', async () => {
		const s = scripted({ status: 200, body: { id: '15550100042@s.whatsapp.net' } });
		expect(await new LidPhoneResolver(s.transport).phoneOf(LID)).toBe('15550100042');
	});

	it('a 300 answer is no answer: the phone stays unknown, whatever its body says', async () => {
		const s = scripted({ status: 300, body: { id: '15550100042@s.whatsapp.net' } });
		expect(await new LidPhoneResolver(s.transport).phoneOf(LID)).toBeNull();
	});

	it.each([401, 402])('a %i fails the item in an action (the credential or the plan needs fixing)', async (status) => {
		const s = scripted({ status, body: { error: { code: status, message: 'no' } } });
		await expect(new LidPhoneResolver(s.transport).phoneOf(LID, 3)).rejects.toThrow(`/contacts/ids/${LID} failed with ${status}`);
	});

	it.each([401, 402])('a %i leaves the phone unknown in the trigger, which must answer Whapi 200', async (status) => {
		const s = scripted({ status, body: { error: { code: status, message: 'no' } } });
		expect(await new LidPhoneResolver(s.transport, false).phoneOf(LID)).toBeNull();
	});

	it('asks nothing about a chat ID that ends in @lid without being one', async () => {
		const s = scripted({ status: 200, body: { id: '15550100042@s.whatsapp.net' } });
		expect(await new LidPhoneResolver(s.transport).phoneOf('not-digits@lid')).toBeNull();
		expect(s.paths).toEqual([]);
	});

	it('fill asks only about @lid applicants, keeping every other item as it was', async () => {
		const s = scripted({ status: 200, body: { id: '15550100042@s.whatsapp.net' } });
		const phoneItem = { applicant: '15550100001@s.whatsapp.net', phone: '15550100001', lid: null };
		const filled = await new LidPhoneResolver(s.transport).fill([phoneItem, { applicant: LID, phone: null, lid: LID }]);
		expect(filled).toEqual([phoneItem, { applicant: LID, phone: '15550100042', lid: LID }]);
		expect(s.paths).toEqual([`/contacts/ids/${LID}`]);
	});
});
