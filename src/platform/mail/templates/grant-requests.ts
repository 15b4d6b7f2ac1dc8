/** Mail about delegated-admin grant requests (R-GRT-1, R-GRT-2): the ask, and the answer. */
import type { Template } from './types.ts';

type RequestData = {
  partnerName: string;
  grantorName: string;
  roles: string[];
  days: number;
  autoExtend: boolean;
  /** The request widens a grant the partner holds already. */
  widens: boolean;
  message: string | null;
  url: string;
  expiresInDays: number;
};

const adminGrantRequest: Template<RequestData> = {
  en: (d) => ({
    subject: `${d.partnerName} asks for admin roles on ${d.grantorName}`,
    paragraphs: [
      d.widens
        ? `${d.partnerName} asks to widen the admin access it holds on ${d.grantorName}.`
        : `${d.partnerName} asks for delegated admin access to ${d.grantorName}.`,
      `Roles: ${d.roles.join(', ')}, for ${d.days} days${d.autoExtend ? ', extending itself by 180 days at a time' : ''}.`,
      ...(d.message ? [`Their message: “${d.message}”`] : []),
      `A global admin of ${d.grantorName} approves (possibly with fewer roles or days) or rejects within ${d.expiresInDays} days; the link works once.`,
    ],
    action: { label: 'Review the request', url: d.url },
  }),
  ko: (d) => ({
    subject: `${d.partnerName}에서 ${d.grantorName}에 대한 관리자 역할을 요청했습니다`,
    paragraphs: [
      d.widens
        ? `${d.partnerName}에서 ${d.grantorName}에 대해 보유한 관리자 권한을 확장하려고 합니다.`
        : `${d.partnerName}에서 ${d.grantorName}에 대한 위임된 관리자 권한을 요청합니다.`,
      `역할: ${d.roles.join(', ')}, 기간 ${d.days}일${d.autoExtend ? ' (180일씩 자동 연장)' : ''}.`,
      ...(d.message ? [`메시지: “${d.message}”`] : []),
      `${d.grantorName}의 전역 관리자가 ${d.expiresInDays}일 이내에 승인(역할이나 기간을 줄일 수 있음)하거나 거절하세요. 이 링크는 한 번만 사용할 수 있습니다.`,
    ],
    action: { label: '요청 검토', url: d.url },
  }),
  fr: (d) => ({
    subject: `${d.partnerName} demande des rôles d’administration sur ${d.grantorName}`,
    paragraphs: [
      d.widens
        ? `${d.partnerName} demande à élargir l’accès administrateur qu’il détient sur ${d.grantorName}.`
        : `${d.partnerName} demande un accès administrateur délégué à ${d.grantorName}.`,
      `Rôles : ${d.roles.join(', ')}, pour ${d.days} jours${d.autoExtend ? ', prolongé de 180 jours à chaque fois' : ''}.`,
      ...(d.message ? [`Son message : « ${d.message} »`] : []),
      `Un administrateur général de ${d.grantorName} approuve (éventuellement avec moins de rôles ou de jours) ou refuse dans les ${d.expiresInDays} jours ; le lien ne sert qu’une fois.`,
    ],
    action: { label: 'Examiner la demande', url: d.url },
  }),
};

type DecidedData = {
  grantorName: string;
  approved: boolean;
  /** What was approved (possibly fewer roles or days than asked), or what was asked when rejected. */
  roles: string[];
  days: number;
  /** The approval gave fewer roles or days than asked. */
  narrowed: boolean;
  reason: string | null;
  url: string;
};

const adminGrantRequestDecided: Template<DecidedData> = {
  en: (d) => ({
    subject: d.approved
      ? `${d.grantorName} approved your admin grant request`
      : `${d.grantorName} rejected your admin grant request`,
    paragraphs: d.approved
      ? [
          `${d.grantorName} gave you ${d.roles.join(', ')} for ${d.days} days${d.narrowed ? ', less than you asked for' : ''}.`,
          'The access is in force now.',
        ]
      : [`${d.grantorName} did not grant ${d.roles.join(', ')}.`, ...(d.reason ? [`Their reason: “${d.reason}”`] : [])],
    action: { label: 'See your grant requests', url: d.url },
  }),
  ko: (d) => ({
    subject: d.approved
      ? `${d.grantorName}에서 관리자 권한 요청을 승인했습니다`
      : `${d.grantorName}에서 관리자 권한 요청을 거절했습니다`,
    paragraphs: d.approved
      ? [
          `${d.grantorName}에서 ${d.roles.join(', ')} 역할을 ${d.days}일 동안 부여했습니다${d.narrowed ? ' (요청보다 적게)' : ''}.`,
          '권한은 지금부터 유효합니다.',
        ]
      : [`${d.grantorName}에서 ${d.roles.join(', ')} 역할을 부여하지 않았습니다.`, ...(d.reason ? [`사유: “${d.reason}”`] : [])],
    action: { label: '권한 요청 보기', url: d.url },
  }),
  fr: (d) => ({
    subject: d.approved
      ? `${d.grantorName} a approuvé votre demande d’accès administrateur`
      : `${d.grantorName} a refusé votre demande d’accès administrateur`,
    paragraphs: d.approved
      ? [
          `${d.grantorName} vous accorde ${d.roles.join(', ')} pour ${d.days} jours${d.narrowed ? ', moins que demandé' : ''}.`,
          'L’accès est en vigueur dès maintenant.',
        ]
      : [`${d.grantorName} n’a pas accordé ${d.roles.join(', ')}.`, ...(d.reason ? [`Son motif : « ${d.reason} »`] : [])],
    action: { label: 'Voir vos demandes', url: d.url },
  }),
};

export const grantRequestTemplates = { adminGrantRequest, adminGrantRequestDecided };
