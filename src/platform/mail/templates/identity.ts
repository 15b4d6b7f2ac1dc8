/** Mail about accounts and sign-in. */
import type { Language, Template } from './types.ts';

const kindWords: Record<Language, Record<string, string>> = {
  en: { operator: 'operator', partner: 'partner', customer: 'customer' },
  ko: { operator: '운영자', partner: '파트너', customer: '고객' },
  fr: { operator: 'opérateur', partner: 'partenaire', customer: 'client' },
};

const welcome: Template<{ name: string; tenantName: string; kind: string; signInUrl: string }> = {
  en: (d) => ({
    subject: `Welcome to Trellis, ${d.name}`,
    paragraphs: [
      `Hello ${d.name},`,
      `The ${kindWords.en[d.kind] ?? d.kind} account ${d.tenantName} is ready, and you are its global admin.`,
    ],
    action: { label: 'Sign in', url: d.signInUrl },
  }),
  ko: (d) => ({
    subject: `Trellis에 오신 것을 환영합니다, ${d.name}님`,
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      `${d.tenantName} ${kindWords.ko[d.kind] ?? d.kind} 계정이 준비되었으며, 귀하가 전역 관리자입니다.`,
    ],
    action: { label: '로그인', url: d.signInUrl },
  }),
  fr: (d) => ({
    subject: `Bienvenue sur Trellis, ${d.name}`,
    paragraphs: [
      `Bonjour ${d.name},`,
      `Le compte ${kindWords.fr[d.kind] ?? d.kind} ${d.tenantName} est prêt, et vous en êtes l’administrateur général.`,
    ],
    action: { label: 'Se connecter', url: d.signInUrl },
  }),
};

const userInvitation: Template<{ name: string; tenantName: string; inviterName: string; url: string; days: number }> = {
  en: (d) => ({
    subject: `${d.inviterName} added you to ${d.tenantName} on Trellis`,
    paragraphs: [
      `Hello ${d.name},`,
      `${d.inviterName} created a Trellis account for you in ${d.tenantName}.`,
      `Choose your password within ${d.days} days; the link works once.`,
    ],
    action: { label: 'Choose a password', url: d.url },
  }),
  ko: (d) => ({
    subject: `${d.inviterName}님이 Trellis의 ${d.tenantName}에 귀하를 추가했습니다`,
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      `${d.inviterName}님이 ${d.tenantName}에 귀하의 Trellis 계정을 만들었습니다.`,
      `${d.days}일 이내에 비밀번호를 설정하세요. 이 링크는 한 번만 사용할 수 있습니다.`,
    ],
    action: { label: '비밀번호 설정', url: d.url },
  }),
  fr: (d) => ({
    subject: `${d.inviterName} vous a ajouté à ${d.tenantName} sur Trellis`,
    paragraphs: [
      `Bonjour ${d.name},`,
      `${d.inviterName} vous a créé un compte Trellis dans ${d.tenantName}.`,
      `Choisissez votre mot de passe dans les ${d.days} jours ; le lien ne sert qu’une fois.`,
    ],
    action: { label: 'Choisir un mot de passe', url: d.url },
  }),
};

const apiTokenCreated: Template<{ name: string; tokenName: string; expiresOn: string; tokensUrl: string }> = {
  en: (d) => ({
    subject: `New API token "${d.tokenName}" on your Trellis account`,
    paragraphs: [
      `Hello ${d.name},`,
      `An API token named "${d.tokenName}" was created for your account. It expires on ${d.expiresOn}.`,
      'If you did not create it, revoke it now and change your password.',
    ],
    action: { label: 'Review your API tokens', url: d.tokensUrl },
  }),
  ko: (d) => ({
    subject: `Trellis 계정에 새 API 토큰 "${d.tokenName}"이(가) 생성되었습니다`,
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      `계정에 "${d.tokenName}" API 토큰이 생성되었습니다. 만료일은 ${d.expiresOn}입니다.`,
      '직접 만들지 않았다면 지금 해지하고 비밀번호를 변경하세요.',
    ],
    action: { label: 'API 토큰 검토', url: d.tokensUrl },
  }),
  fr: (d) => ({
    subject: `Nouveau jeton d’API « ${d.tokenName} » sur votre compte Trellis`,
    paragraphs: [
      `Bonjour ${d.name},`,
      `Un jeton d’API nommé « ${d.tokenName} » a été créé pour votre compte. Il expire le ${d.expiresOn}.`,
      'Si vous ne l’avez pas créé, révoquez-le maintenant et changez votre mot de passe.',
    ],
    action: { label: 'Voir vos jetons d’API', url: d.tokensUrl },
  }),
};

const mfaEnabled: Template<{ name: string }> = {
  en: (d) => ({
    subject: 'Two-step verification is on',
    paragraphs: [
      `Hello ${d.name},`,
      'Signing in to Trellis now asks for a code from your authenticator app.',
      'If you did not turn this on, contact your administrator at once.',
    ],
  }),
  ko: (d) => ({
    subject: '2단계 인증이 켜졌습니다',
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      '이제 Trellis에 로그인할 때 인증 앱의 코드를 입력해야 합니다.',
      '직접 켜지 않았다면 즉시 관리자에게 문의하세요.',
    ],
  }),
  fr: (d) => ({
    subject: 'La validation en deux étapes est activée',
    paragraphs: [
      `Bonjour ${d.name},`,
      'La connexion à Trellis demande désormais un code de votre application d’authentification.',
      'Si vous ne l’avez pas activée, contactez tout de suite votre administrateur.',
    ],
  }),
};

const passwordReset: Template<{ name: string; url: string; minutes: number }> = {
  en: (d) => ({
    subject: 'Reset your Trellis password',
    paragraphs: [
      `Hello ${d.name},`,
      `Someone asked to reset the password of your Trellis account. Choose a new one within ${d.minutes} minutes; the link works once.`,
      'If it was not you, ignore this mail: your password stays as it is.',
    ],
    action: { label: 'Choose a new password', url: d.url },
  }),
  ko: (d) => ({
    subject: 'Trellis 비밀번호 재설정',
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      `Trellis 계정의 비밀번호 재설정이 요청되었습니다. ${d.minutes}분 이내에 새 비밀번호를 설정하세요. 이 링크는 한 번만 사용할 수 있습니다.`,
      '직접 요청하지 않았다면 이 메일을 무시하세요. 비밀번호는 그대로 유지됩니다.',
    ],
    action: { label: '새 비밀번호 설정', url: d.url },
  }),
  fr: (d) => ({
    subject: 'Réinitialiser votre mot de passe Trellis',
    paragraphs: [
      `Bonjour ${d.name},`,
      `Quelqu’un a demandé à réinitialiser le mot de passe de votre compte Trellis. Choisissez-en un nouveau dans les ${d.minutes} minutes ; le lien ne sert qu’une fois.`,
      'Si ce n’était pas vous, ignorez ce message : votre mot de passe reste inchangé.',
    ],
    action: { label: 'Choisir un nouveau mot de passe', url: d.url },
  }),
};

export const identityTemplates = { welcome, userInvitation, apiTokenCreated, mfaEnabled, passwordReset };
