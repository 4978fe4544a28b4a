/** Fields of the Group resource. */

import type { INodeProperties } from 'n8n-workflow';

import { groupField } from '../descriptions';

/** The join requests' group picker, described for changing the group itself. */
export const groupTargetField: INodeProperties = {
	...groupField,
	description: 'The WhatsApp group to change. The connected number must be one of its admins.',
};
