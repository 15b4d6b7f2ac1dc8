/**
 * Every mail template, in the console's languages. Each gives a subject and paragraphs;
 * the plain-text and HTML parts are both made from them (render.ts), so they never drift.
 */
import { billingTemplates } from './billing.ts';
import { grantRequestTemplates } from './grant-requests.ts';
import { grantTemplates } from './grants.ts';
import { identityTemplates } from './identity.ts';
import { programTemplates } from './program.ts';
import { relationshipTemplates } from './relationships.ts';
import { subscriptionTemplates } from './subscriptions.ts';

export * from './types.ts';

export const templates = {
  ...identityTemplates,
  ...programTemplates,
  ...relationshipTemplates,
  ...grantRequestTemplates,
  ...grantTemplates,
  ...billingTemplates,
  ...subscriptionTemplates,
};
export type TemplateName = keyof typeof templates;
export type TemplateData<N extends TemplateName> = Parameters<(typeof templates)[N]['en']>[0];
