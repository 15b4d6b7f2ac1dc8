/**
 * Mail about delegated-admin grants (R-GRT-1..3): the 30, 7 and 1-day notices, the end, an
 * auto-extension, and a grant ended early. Both sides read the timer's mail, so each says
 * which side the reader is on: the tenant that gave the grant, or the partner that holds it.
 */
import type { Template } from './types.ts';

type Side = 'grantor' | 'grantee';

interface GrantData {
  name: string;
  side: Side;
  /** The other party: the partner for the grantor, the grantor's tenant for the grantee. */
  otherName: string;
  roles: string;
  endsAt: string;
  url: string;
}

const API_REQUEST = 'POST /v1/admin-grant-requests';
const enDays = (n: number) => (n === 1 ? '1 day' : `${n} days`);
const frDays = (n: number) => (n === 1 ? '1 jour' : `${n} jours`);

const adminGrantExpiring: Template<GrantData & { days: number }> = {
  en: (d) => ({
    subject:
      d.side === 'grantor'
        ? `The admin access of ${d.otherName} to your tenant ends in ${enDays(d.days)}`
        : `Your admin access to ${d.otherName} ends in ${enDays(d.days)}`,
    paragraphs: [
      `Hello ${d.name},`,
      d.side === 'grantor'
        ? `The admin roles ${d.roles} that your organization gave ${d.otherName} end in ${enDays(d.days)}, on ${d.endsAt}.`
        : `The admin roles ${d.roles} that ${d.otherName} gave your organization end in ${enDays(d.days)}, on ${d.endsAt}; after that your users can no longer work on its tenant.`,
      d.side === 'grantor'
        ? `Nothing needs doing if that is intended. A global admin can end the grant sooner, or approve a new one if ${d.otherName} asks for it.`
        : `To keep access, ask ${d.otherName} for a new grant from Admin grants (in the API: ${API_REQUEST}).`,
    ],
    action: { label: 'Admin grants', url: d.url },
  }),
  ko: (d) => ({
    subject:
      d.side === 'grantor'
        ? `귀사 테넌트에 대한 ${d.otherName}의 관리자 권한이 ${d.days}일 후 종료됩니다`
        : `${d.otherName}에 대한 관리자 권한이 ${d.days}일 후 종료됩니다`,
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      d.side === 'grantor'
        ? `귀사가 ${d.otherName}에 부여한 관리자 역할(${d.roles})이 ${d.days}일 후인 ${d.endsAt}에 종료됩니다.`
        : `${d.otherName}에서 귀사에 부여한 관리자 역할(${d.roles})이 ${d.days}일 후인 ${d.endsAt}에 종료되며, 이후에는 해당 테넌트에서 작업할 수 없습니다.`,
      d.side === 'grantor'
        ? `의도한 것이라면 따로 할 일은 없습니다. 전역 관리자는 권한을 더 일찍 종료하거나, ${d.otherName}에서 새 권한을 요청하면 승인할 수 있습니다.`
        : `권한을 유지하려면 관리자 권한 메뉴에서 ${d.otherName}에 새 권한을 요청하세요(API: ${API_REQUEST}).`,
    ],
    action: { label: '관리자 권한', url: d.url },
  }),
  fr: (d) => ({
    subject:
      d.side === 'grantor'
        ? `L’accès administrateur de ${d.otherName} à votre tenant prend fin dans ${frDays(d.days)}`
        : `Votre accès administrateur à ${d.otherName} prend fin dans ${frDays(d.days)}`,
    paragraphs: [
      `Bonjour ${d.name},`,
      d.side === 'grantor'
        ? `Les rôles d’administrateur ${d.roles} que votre organisation a accordés à ${d.otherName} prennent fin dans ${frDays(d.days)}, le ${d.endsAt}.`
        : `Les rôles d’administrateur ${d.roles} que ${d.otherName} a accordés à votre organisation prennent fin dans ${frDays(d.days)}, le ${d.endsAt} ; vos utilisateurs ne pourront plus intervenir sur son tenant ensuite.`,
      d.side === 'grantor'
        ? `Rien à faire si c’est voulu. Un administrateur général peut y mettre fin plus tôt, ou approuver un nouvel accès si ${d.otherName} en demande un.`
        : `Pour garder l’accès, demandez un nouvel accès à ${d.otherName} depuis Accès délégués (dans l’API : ${API_REQUEST}).`,
    ],
    action: { label: 'Accès délégués', url: d.url },
  }),
};

const adminGrantExpired: Template<GrantData> = {
  en: (d) => ({
    subject:
      d.side === 'grantor'
        ? `The admin access of ${d.otherName} to your tenant has ended`
        : `Your admin access to ${d.otherName} has ended`,
    paragraphs: [
      `Hello ${d.name},`,
      d.side === 'grantor'
        ? `The admin roles ${d.roles} that your organization gave ${d.otherName} ended on ${d.endsAt}. ${d.otherName} no longer has access to your tenant.`
        : `The admin roles ${d.roles} that ${d.otherName} gave your organization ended on ${d.endsAt}; your users no longer have access to its tenant.`,
      ...(d.side === 'grantee' ? [`To work on it again, ask ${d.otherName} for a new grant (in the API: ${API_REQUEST}).`] : []),
    ],
    action: { label: 'Admin grants', url: d.url },
  }),
  ko: (d) => ({
    subject:
      d.side === 'grantor'
        ? `귀사 테넌트에 대한 ${d.otherName}의 관리자 권한이 종료되었습니다`
        : `${d.otherName}에 대한 관리자 권한이 종료되었습니다`,
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      d.side === 'grantor'
        ? `귀사가 ${d.otherName}에 부여한 관리자 역할(${d.roles})이 ${d.endsAt}에 종료되었습니다. ${d.otherName}은(는) 더 이상 귀사 테넌트에 접근할 수 없습니다.`
        : `${d.otherName}에서 귀사에 부여한 관리자 역할(${d.roles})이 ${d.endsAt}에 종료되어, 더 이상 해당 테넌트에 접근할 수 없습니다.`,
      ...(d.side === 'grantee' ? [`다시 작업하려면 ${d.otherName}에 새 권한을 요청하세요(API: ${API_REQUEST}).`] : []),
    ],
    action: { label: '관리자 권한', url: d.url },
  }),
  fr: (d) => ({
    subject:
      d.side === 'grantor'
        ? `L’accès administrateur de ${d.otherName} à votre tenant a pris fin`
        : `Votre accès administrateur à ${d.otherName} a pris fin`,
    paragraphs: [
      `Bonjour ${d.name},`,
      d.side === 'grantor'
        ? `Les rôles d’administrateur ${d.roles} que votre organisation avait accordés à ${d.otherName} ont pris fin le ${d.endsAt}. ${d.otherName} n’a plus accès à votre tenant.`
        : `Les rôles d’administrateur ${d.roles} que ${d.otherName} avait accordés à votre organisation ont pris fin le ${d.endsAt} ; vos utilisateurs n’ont plus accès à son tenant.`,
      ...(d.side === 'grantee'
        ? [`Pour y intervenir de nouveau, demandez un nouvel accès à ${d.otherName} (dans l’API : ${API_REQUEST}).`]
        : []),
    ],
    action: { label: 'Accès délégués', url: d.url },
  }),
};

const adminGrantExtended: Template<GrantData & { days: number }> = {
  en: (d) => ({
    subject:
      d.side === 'grantor'
        ? `The admin access of ${d.otherName} to your tenant is extended to ${d.endsAt}`
        : `Your admin access to ${d.otherName} is extended to ${d.endsAt}`,
    paragraphs: [
      `Hello ${d.name},`,
      d.side === 'grantor'
        ? `The admin roles ${d.roles} that your organization gave ${d.otherName} were extended by ${d.days} days, as the grant allows; they now end on ${d.endsAt}.`
        : `The admin roles ${d.roles} that ${d.otherName} gave your organization were extended by ${d.days} days; they now end on ${d.endsAt}. Nothing needs doing.`,
      ...(d.side === 'grantor' ? ['A global admin can end the grant at any time from Admin grants.'] : []),
    ],
    action: { label: 'Admin grants', url: d.url },
  }),
  ko: (d) => ({
    subject:
      d.side === 'grantor'
        ? `귀사 테넌트에 대한 ${d.otherName}의 관리자 권한이 ${d.endsAt}까지 연장되었습니다`
        : `${d.otherName}에 대한 관리자 권한이 ${d.endsAt}까지 연장되었습니다`,
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      d.side === 'grantor'
        ? `귀사가 ${d.otherName}에 부여한 관리자 역할(${d.roles})이 권한 설정에 따라 ${d.days}일 자동 연장되어 ${d.endsAt}에 종료됩니다.`
        : `${d.otherName}에서 귀사에 부여한 관리자 역할(${d.roles})이 ${d.days}일 자동 연장되어 ${d.endsAt}에 종료됩니다. 따로 할 일은 없습니다.`,
      ...(d.side === 'grantor' ? ['전역 관리자는 관리자 권한 메뉴에서 언제든지 권한을 종료할 수 있습니다.'] : []),
    ],
    action: { label: '관리자 권한', url: d.url },
  }),
  fr: (d) => ({
    subject:
      d.side === 'grantor'
        ? `L’accès administrateur de ${d.otherName} à votre tenant est prolongé jusqu’au ${d.endsAt}`
        : `Votre accès administrateur à ${d.otherName} est prolongé jusqu’au ${d.endsAt}`,
    paragraphs: [
      `Bonjour ${d.name},`,
      d.side === 'grantor'
        ? `Les rôles d’administrateur ${d.roles} que votre organisation a accordés à ${d.otherName} ont été prolongés de ${d.days} jours, comme l’accès le prévoit ; ils prennent fin le ${d.endsAt}.`
        : `Les rôles d’administrateur ${d.roles} que ${d.otherName} a accordés à votre organisation ont été prolongés de ${d.days} jours ; ils prennent fin le ${d.endsAt}. Rien à faire.`,
      ...(d.side === 'grantor' ? ['Un administrateur général peut y mettre fin à tout moment depuis Accès délégués.'] : []),
    ],
    action: { label: 'Accès délégués', url: d.url },
  }),
};

/**
 * To the partner only: the grant ended before its end date, ended by the grantor, or with the
 * relationship or partnership it rested on (`basisEnded`), whoever ended that.
 */
const adminGrantEnded: Template<{
  name: string;
  grantorName: string;
  endedBy?: string | undefined;
  basisEnded?: 'relationship' | 'partnership' | undefined;
  roles: string;
  endedAt: string;
  url: string;
}> = {
  en: (d) => ({
    subject: `${d.grantorName} ended your admin access`,
    paragraphs: [
      `Hello ${d.name},`,
      d.basisEnded
        ? `Your organization's ${d.basisEnded} with ${d.grantorName} ended, and with it the admin roles ${d.roles} it had given you, on ${d.endedAt}. Your users no longer have access to its tenant.`
        : `${d.endedBy ? `${d.endedBy} of ${d.grantorName}` : d.grantorName} ended the admin roles ${d.roles} given to your organization, on ${d.endedAt}. Your users no longer have access to its tenant.`,
      d.basisEnded
        ? `A new grant needs a new ${d.basisEnded} first.`
        : `To work on it again, ask for a new grant (in the API: ${API_REQUEST}).`,
    ],
    action: { label: 'Admin grants', url: d.url },
  }),
  ko: (d) => ({
    subject: `${d.grantorName}에서 관리자 권한을 종료했습니다`,
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      d.basisEnded
        ? `귀사와 ${d.grantorName}의 ${d.basisEnded === 'relationship' ? '고객 관계가' : '파트너십이'} 종료되어, ${d.grantorName}에서 부여한 관리자 역할(${d.roles})도 ${d.endedAt}에 종료되었습니다. 더 이상 해당 테넌트에 접근할 수 없습니다.`
        : `${d.endedBy ? `${d.grantorName}의 ${d.endedBy}님이` : `${d.grantorName}에서`} 귀사에 부여한 관리자 역할(${d.roles})을 ${d.endedAt}에 종료했습니다. 더 이상 해당 테넌트에 접근할 수 없습니다.`,
      d.basisEnded
        ? `새 권한을 받으려면 먼저 ${d.basisEnded === 'relationship' ? '고객 관계를' : '파트너십을'} 새로 맺어야 합니다.`
        : `다시 작업하려면 새 권한을 요청하세요(API: ${API_REQUEST}).`,
    ],
    action: { label: '관리자 권한', url: d.url },
  }),
  fr: (d) => ({
    subject: `${d.grantorName} a mis fin à votre accès administrateur`,
    paragraphs: [
      `Bonjour ${d.name},`,
      d.basisEnded
        ? `${d.basisEnded === 'relationship' ? 'La relation' : 'Le partenariat'} de votre organisation avec ${d.grantorName} a pris fin le ${d.endedAt}, et avec ${d.basisEnded === 'relationship' ? 'elle' : 'lui'} les rôles d’administrateur ${d.roles} qui vous avaient été accordés. Vos utilisateurs n’ont plus accès à son tenant.`
        : `${d.endedBy ? `${d.endedBy} (${d.grantorName})` : d.grantorName} a mis fin le ${d.endedAt} aux rôles d’administrateur ${d.roles} accordés à votre organisation. Vos utilisateurs n’ont plus accès à son tenant.`,
      d.basisEnded
        ? `Un nouvel accès suppose d’abord ${d.basisEnded === 'relationship' ? 'une nouvelle relation' : 'un nouveau partenariat'}.`
        : `Pour y intervenir de nouveau, demandez un nouvel accès (dans l’API : ${API_REQUEST}).`,
    ],
    action: { label: 'Accès délégués', url: d.url },
  }),
};

export const grantTemplates = { adminGrantExpiring, adminGrantExpired, adminGrantExtended, adminGrantEnded };
