/**
 * Mail about subscriptions' lifecycle (R-SUB-4): the notices 30, 7 and 1 days ahead of a term's
 * end, to the partner of record's admins. A renewing subscription's says when it renews and with
 * what quantity; one that does not renew says when it expires and what follows.
 */
import type { Template } from './types.ts';

interface NoticeData {
  name: string;
  customerName: string;
  offerName: string;
  subscriptionId: string;
  /** True when it renews itself (active, auto-renewing); false when it expires. */
  renews: boolean;
  /** The end of the term: the renewal or the expiry. */
  date: string;
  days: number;
  /** The quantity of the next term when it renews, else the quantity held. */
  quantity: number;
  url: string;
}

const api = (d: NoticeData) => `PATCH /v1/subscriptions/${d.subscriptionId}`;
const enDays = (n: number) => (n === 1 ? '1 day' : `${n} days`);
const frDays = (n: number) => (n === 1 ? '1 jour' : `${n} jours`);

const subscriptionRenewalNotice: Template<NoticeData> = {
  en: (d) => ({
    subject: d.renews
      ? `${d.offerName} for ${d.customerName} renews in ${enDays(d.days)}`
      : `${d.offerName} for ${d.customerName} expires in ${enDays(d.days)}`,
    paragraphs: [
      `Hello ${d.name},`,
      d.renews
        ? `The subscription of ${d.customerName} to ${d.offerName} renews on ${d.date}, quantity ${d.quantity}, for another term at the prices in force that day.`
        : `The subscription of ${d.customerName} to ${d.offerName} (quantity ${d.quantity}) expires on ${d.date}: it does not renew. It then stays 30 days expired and 90 days disabled before it is deleted.`,
      d.renews
        ? `To change that, turn auto-renewal off or keep another quantity for the next term before then (in the API: ${api(d)}).`
        : `To keep it, turn auto-renewal on before then, reactivating it if it is suspended (in the API: ${api(d)}).`,
    ],
    action: { label: d.customerName, url: d.url },
  }),
  ko: (d) => ({
    subject: d.renews
      ? `${d.customerName}의 ${d.offerName} 구독이 ${d.days}일 후 갱신됩니다`
      : `${d.customerName}의 ${d.offerName} 구독이 ${d.days}일 후 만료됩니다`,
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      d.renews
        ? `${d.customerName}의 ${d.offerName} 구독이 ${d.date}에 수량 ${d.quantity}(으)로 갱신되며, 새 기간에는 그날 적용되는 가격이 적용됩니다.`
        : `${d.customerName}의 ${d.offerName} 구독(수량 ${d.quantity})은 갱신되지 않고 ${d.date}에 만료됩니다. 이후 30일간 만료 상태, 90일간 비활성 상태를 거쳐 삭제됩니다.`,
      d.renews
        ? `변경하려면 그 전에 자동 갱신을 끄거나 다음 기간의 수량을 지정하세요(API: ${api(d)}).`
        : `유지하려면 그 전에 자동 갱신을 켜고, 일시 중지된 경우 다시 활성화하세요(API: ${api(d)}).`,
    ],
    action: { label: d.customerName, url: d.url },
  }),
  fr: (d) => ({
    subject: d.renews
      ? `${d.offerName} pour ${d.customerName} se renouvelle dans ${frDays(d.days)}`
      : `${d.offerName} pour ${d.customerName} expire dans ${frDays(d.days)}`,
    paragraphs: [
      `Bonjour ${d.name},`,
      d.renews
        ? `L’abonnement de ${d.customerName} à ${d.offerName} se renouvelle le ${d.date}, pour une quantité de ${d.quantity}, pour une nouvelle période aux prix en vigueur ce jour-là.`
        : `L’abonnement de ${d.customerName} à ${d.offerName} (quantité ${d.quantity}) expire le ${d.date} : il ne se renouvelle pas. Il reste ensuite 30 jours expiré et 90 jours désactivé avant d’être supprimé.`,
      d.renews
        ? `Pour changer cela, désactivez le renouvellement automatique ou fixez une autre quantité pour la prochaine période avant cette date (dans l’API : ${api(d)}).`
        : `Pour le garder, activez le renouvellement automatique avant cette date, en le réactivant s’il est suspendu (dans l’API : ${api(d)}).`,
    ],
    action: { label: d.customerName, url: d.url },
  }),
};

export const subscriptionTemplates = { subscriptionRenewalNotice };
