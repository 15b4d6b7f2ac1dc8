import { Type } from 'typebox';
import { SubscriptionSchema } from '../orders/schemas.ts';
import { Uuid } from '../users/schemas.ts';

export const NewAssignmentBody = Type.Object({ userId: Uuid }, { additionalProperties: false });

export const AssignmentSchema = Type.Object({
  id: Type.String(),
  subscriptionId: Type.String(),
  customerId: Type.String(),
  offer: Type.Object({ id: Type.String(), sku: Type.String(), name: Type.String() }),
  user: Type.Object({
    id: Type.String(),
    name: Type.String(),
    email: Type.String(),
    status: Type.Enum(['invited', 'active', 'disabled']),
  }),
  assignedBy: Type.String({ description: 'The user who assigned it: of the customer, or of a partner under a grant.' }),
  assignedAt: Type.String({ format: 'date-time' }),
});

export const AssignmentListQuery = Type.Object({
  userId: Type.Optional(Uuid),
  subscriptionId: Type.Optional(Uuid),
});

export const LicensePoolSchema = Type.Object({
  subscription: SubscriptionSchema,
  assigned: Type.Integer({ description: 'Licenses assigned to users.' }),
  available: Type.Integer({ description: 'Licenses left to assign: the quantity less those assigned, never below 0.' }),
  mayManage: Type.Boolean({
    description:
      'Whether the caller may assign and remove them: the customer global admin, or the partner of record (R-CUS-7) with licenses.manage under a live grant (R-GRT-3).',
  }),
});
