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

export const relationshipTemplates = { partnershipInvitation };
