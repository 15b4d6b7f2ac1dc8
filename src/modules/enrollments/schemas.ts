import { Type } from 'typebox';
import { ProfilePatch } from '../partners/schemas.ts';

export const Program = Type.Enum(['direct_bill', 'indirect_provider', 'indirect_reseller']);
export const EnrollmentStatus = Type.Enum(['pending_verification', 'pending_review', 'approved', 'rejected', 'ended']);
const Time = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const EnrollmentSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  tenantId: Type.String({ format: 'uuid' }),
  program: Program,
  status: EnrollmentStatus,
  transition: Type.Boolean({ description: 'A direct-bill partner moving to indirect reseller (R-TRN-1).' }),
  primaryContact: Type.Object({ name: Type.String(), email: Type.String() }),
  emailVerifiedAt: Time,
  requirementsConfirmedAt: Time,
  reviewDueAt: Time,
  overdue: Type.Boolean({ description: 'In review past its deadline (R-TRN-2).' }),
  decidedAt: Time,
  rejectionReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

/** What the operator's review screens show: the enrollment and whose it is. */
export const OperatorEnrollmentSchema = Type.Intersect([
  EnrollmentSchema,
  Type.Object({ partnerName: Type.String({ description: "The enrolling partner's organization name." }) }),
]);

export const NewEnrollment = Type.Object(
  {
    program: Program,
    profile: Type.Optional(ProfilePatch),
    acknowledgeNoRollback: Type.Optional(
      Type.Boolean({ description: 'Required, true, for the move from direct bill to indirect reseller (R-TRN-4).' }),
    ),
  },
  { additionalProperties: false },
);

export const Verification = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export const Rejection = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export const RequirementsConfirmation = Type.Object(
  { apiIntegration: Type.Literal(true), billing: Type.Literal(true), support: Type.Literal(true) },
  { additionalProperties: false, description: 'The operator checked each programmatic requirement of direct bill (R-ENR-5).' },
);
export const QueueQuery = Type.Object({ status: Type.Optional(EnrollmentStatus), program: Type.Optional(Program) });

export const ProgramInfoSchema = Type.Object({
  tenantId: Type.String(),
  partnerId: Type.Union([Type.String(), Type.Null()]),
  onboarded: Type.Boolean(),
  profile: Type.Object({ complete: Type.Boolean(), missing: Type.Array(Type.String()) }),
  capabilities: Type.Array(
    Type.Object({ capability: Program, status: Type.Enum(['pending', 'active', 'suspended']), activatedAt: Time }),
  ),
  enrollments: Type.Array(EnrollmentSchema),
  canTransact: Type.Boolean(),
  blockers: Type.Array(Type.Object({ code: Type.String(), rule: Type.String(), detail: Type.String() })),
  agreementsToAccept: Type.Array(Type.Object({ type: Type.String(), version: Type.String() }), {
    description: 'Current versions a global admin still has to accept (POST /v1/agreements/{type}/acceptances).',
  }),
  resellerReadiness: Type.Object(
    {
      ready: Type.Boolean(),
      onboarded: Type.Boolean(),
      indirectResellerActive: Type.Boolean(),
      partnerAgreementAccepted: Type.Boolean(),
    },
    { description: 'R-AGR-2: ready to transact as an indirect reseller.' },
  ),
  mayAddDirectCustomers: Type.Boolean({
    description: 'R-TRN-5: false once a direct-bill partner is an active indirect reseller.',
  }),
  areas: Type.Object({ indirectProviders: Type.Boolean(), indirectResellers: Type.Boolean() }),
});

export const EnrollmentStatsSchema = Type.Object({
  funnel: Type.Array(Type.Object({ program: Program, status: EnrollmentStatus, count: Type.Integer() }), {
    description: 'Enrollments by program and status; pairs with none are left out.',
  }),
  deadlines: Type.Object(
    {
      overdue: Type.Integer({ description: 'In review past the deadline (R-TRN-2).' }),
      soon: Type.Integer({ description: 'Due within the next three days.' }),
      later: Type.Integer(),
      none: Type.Integer({ description: 'In review with no deadline (not a transition).' }),
    },
    { description: 'Enrollments in review, by how soon they must be decided.' },
  ),
});
