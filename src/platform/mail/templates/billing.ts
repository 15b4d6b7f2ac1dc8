/**
 * Mail about credit (R-CRD-1): an order through a reseller held past its credit limit, to the
 * provider's global and billing admins, who approve or reject it.
 */
import type { Template } from './types.ts';

interface OrderHeldData {
  name: string;
  resellerName: string;
  customerName: string;
  /** The order at the reseller's prices, with its currency ("13.20 USD"). */
  amount: string;
  /** The reseller's limit and its open balance with the order, with their currency. */
  limit: string;
  balance: string;
  url: string;
}

const API_DECIDE = 'POST /v1/orders/{id}/approval (or /rejection)';

const orderHeld: Template<OrderHeldData> = {
  en: (d) => ({
    subject: `An order through ${d.resellerName} is waiting for your approval`,
    paragraphs: [
      `Hello ${d.name},`,
      `An order for ${d.customerName} through ${d.resellerName} (${d.amount} at its prices) would take ${d.resellerName}'s open balance to ${d.balance}, past the credit limit of ${d.limit} you set. It is held: nothing is provisioned until you decide.`,
      `Approve it to start its subscriptions now, or reject it (in the API: ${API_DECIDE}).`,
    ],
    action: { label: 'Held orders', url: d.url },
  }),
  ko: (d) => ({
    subject: `${d.resellerName}을(를) 통한 주문이 승인을 기다리고 있습니다`,
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      `${d.resellerName}을(를) 통한 ${d.customerName}의 주문(리셀러 가격 기준 ${d.amount})으로 ${d.resellerName}의 미결제 잔액이 ${d.balance}이(가) 되어, 설정하신 신용 한도 ${d.limit}을(를) 넘습니다. 주문은 보류되었으며 결정하실 때까지 아무것도 제공되지 않습니다.`,
      `승인하면 구독이 지금 시작되고, 거부할 수도 있습니다(API: ${API_DECIDE}).`,
    ],
    action: { label: '보류된 주문', url: d.url },
  }),
  fr: (d) => ({
    subject: `Une commande via ${d.resellerName} attend votre approbation`,
    paragraphs: [
      `Bonjour ${d.name},`,
      `Une commande pour ${d.customerName} via ${d.resellerName} (${d.amount} à ses prix) porterait le solde dû par ${d.resellerName} à ${d.balance}, au-delà de la limite de crédit de ${d.limit} que vous avez fixée. Elle est en attente : rien n’est mis en service avant votre décision.`,
      `Approuvez-la pour démarrer ses abonnements maintenant, ou rejetez-la (dans l’API : ${API_DECIDE}).`,
    ],
    action: { label: 'Commandes en attente', url: d.url },
  }),
};

export const billingTemplates = { orderHeld };
