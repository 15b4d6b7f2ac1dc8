/** Mail about partnerships and customer relationships (R-PRT-1, R-CUS-1, R-CUS-2). */
import type { Template } from './types.ts';

const partnershipInvitation: Template<{ providerName: string; market: string; url: string; days: number }> = {
  en: (d) => ({
    subject: `${d.providerName} invites you to be one of its indirect resellers`,
    paragraphs: [
      `${d.providerName}, an indirect provider in ${d.market}, invites your company to work with it as an indirect reseller.`,
      'Accepting authorizes it to place orders and add subscriptions for your customers, and gives it administrator access to your tenant.',
      `A global admin of your tenant accepts within ${d.days} days; the link works once.`,
    ],
    action: { label: 'Review the invitation', url: d.url },
  }),
  ko: (d) => ({
    subject: `${d.providerName}에서 간접 리셀러로 초대했습니다`,
    paragraphs: [
      `${d.market}의 간접 공급자인 ${d.providerName}에서 귀사를 간접 리셀러로 초대합니다.`,
      '수락하면 이 공급자가 귀사 고객의 주문과 구독을 추가할 수 있으며, 귀사 테넌트에 대한 관리자 권한을 갖게 됩니다.',
      `테넌트의 전역 관리자가 ${d.days}일 이내에 수락하세요. 이 링크는 한 번만 사용할 수 있습니다.`,
    ],
    action: { label: '초대 검토', url: d.url },
  }),
  fr: (d) => ({
    subject: `${d.providerName} vous invite à devenir l’un de ses revendeurs indirects`,
    paragraphs: [
      `${d.providerName}, fournisseur indirect en ${d.market}, invite votre entreprise à travailler avec lui comme revendeur indirect.`,
      'Accepter l’autorise à passer des commandes et ajouter des abonnements pour vos clients, et lui donne un accès administrateur à votre tenant.',
      `Un administrateur général de votre tenant accepte dans les ${d.days} jours ; le lien ne sert qu’une fois.`,
    ],
    action: { label: 'Voir l’invitation', url: d.url },
  }),
};

type RequestData = { partnerName: string; providerName?: string | undefined; url: string; days: number };

const relationshipRequest: Template<RequestData> = {
  en: (d) => ({
    subject: d.providerName
      ? `${d.partnerName} and ${d.providerName} invite you to work with them`
      : `${d.partnerName} asks to become your reseller`,
    paragraphs: [
      'Hello,',
      d.providerName
        ? `${d.partnerName} would like to manage your cloud services, with ${d.providerName} placing your orders.`
        : `${d.partnerName} would like to become your reseller of record and manage your cloud services.`,
      `A global admin of your organization accepts within ${d.days} days; the link works once.`,
    ],
    action: { label: 'Review and accept', url: d.url },
  }),
  ko: (d) => ({
    subject: d.providerName ? `${d.partnerName}와(과) ${d.providerName}의 초대` : `${d.partnerName}의 리셀러 관계 요청`,
    paragraphs: [
      '안녕하세요.',
      d.providerName
        ? `${d.partnerName}에서 귀사의 클라우드 서비스를 관리하고, ${d.providerName}에서 주문을 처리하려고 합니다.`
        : `${d.partnerName}에서 귀사의 공식 리셀러가 되어 클라우드 서비스를 관리하려고 합니다.`,
      `조직의 전역 관리자가 ${d.days}일 이내에 수락하세요. 이 링크는 한 번만 사용할 수 있습니다.`,
    ],
    action: { label: '검토 및 수락', url: d.url },
  }),
  fr: (d) => ({
    subject: d.providerName
      ? `${d.partnerName} et ${d.providerName} vous invitent à travailler avec eux`
      : `${d.partnerName} demande à devenir votre revendeur`,
    paragraphs: [
      'Bonjour,',
      d.providerName
        ? `${d.partnerName} souhaite gérer vos services cloud, ${d.providerName} passant vos commandes.`
        : `${d.partnerName} souhaite devenir votre revendeur attitré et gérer vos services cloud.`,
      `Un administrateur général de votre organisation accepte dans les ${d.days} jours ; le lien ne sert qu’une fois.`,
    ],
    action: { label: 'Examiner et accepter', url: d.url },
  }),
};

export const relationshipTemplates = { partnershipInvitation, relationshipRequest };
