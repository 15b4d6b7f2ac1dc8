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
      'Choosing a new password signs you out everywhere and revokes your API tokens.',
      'If it was not you, ignore this mail: your password stays as it is.',
    ],
    action: { label: 'Choose a new password', url: d.url },
  }),
  ko: (d) => ({
    subject: 'Trellis 비밀번호 재설정',
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      `Trellis 계정의 비밀번호 재설정이 요청되었습니다. ${d.minutes}분 이내에 새 비밀번호를 설정하세요. 이 링크는 한 번만 사용할 수 있습니다.`,
      '새 비밀번호를 설정하면 모든 곳에서 로그아웃되고 API 토큰이 해지됩니다.',
      '직접 요청하지 않았다면 이 메일을 무시하세요. 비밀번호는 그대로 유지됩니다.',
    ],
    action: { label: '새 비밀번호 설정', url: d.url },
  }),
  fr: (d) => ({
    subject: 'Réinitialiser votre mot de passe Trellis',
    paragraphs: [
      `Bonjour ${d.name},`,
      `Quelqu’un a demandé à réinitialiser le mot de passe de votre compte Trellis. Choisissez-en un nouveau dans les ${d.minutes} minutes ; le lien ne sert qu’une fois.`,
      'Choisir un nouveau mot de passe ferme toutes vos sessions et révoque vos jetons d’API.',
      'Si ce n’était pas vous, ignorez ce message : votre mot de passe reste inchangé.',
    ],
    action: { label: 'Choisir un nouveau mot de passe', url: d.url },
  }),
};

/** After a change or a reset: what ended with the old password (sessions, and API tokens unless kept). */
const passwordChanged: Template<{ name: string; revokedTokens: number; keptTokens: number; resetUrl: string }> = {
  en: (d) => ({
    subject: 'Your Trellis password was changed',
    paragraphs: [
      `Hello ${d.name},`,
      'The password of your Trellis account was changed, and your other sessions were signed out.',
      ...(d.revokedTokens > 0
        ? [
            d.revokedTokens === 1
              ? '1 API token was revoked with it: programs that used it need a new token.'
              : `${d.revokedTokens} API tokens were revoked with it: programs that used them need new tokens.`,
          ]
        : []),
      ...(d.keptTokens > 0
        ? [d.keptTokens === 1 ? 'Your API token keeps working.' : `Your ${d.keptTokens} API tokens keep working.`]
        : []),
      'If you did not change it, reset your password at once and tell your administrator.',
    ],
    action: { label: 'Reset your password', url: d.resetUrl },
  }),
  ko: (d) => ({
    subject: 'Trellis 비밀번호가 변경되었습니다',
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      'Trellis 계정의 비밀번호가 변경되었으며, 다른 세션은 모두 로그아웃되었습니다.',
      ...(d.revokedTokens > 0
        ? [`API 토큰 ${d.revokedTokens}개도 함께 해지되었습니다. 이 토큰을 사용하던 프로그램에는 새 토큰이 필요합니다.`]
        : []),
      ...(d.keptTokens > 0 ? [`API 토큰 ${d.keptTokens}개는 계속 사용할 수 있습니다.`] : []),
      '직접 변경하지 않았다면 즉시 비밀번호를 재설정하고 관리자에게 알리세요.',
    ],
    action: { label: '비밀번호 재설정', url: d.resetUrl },
  }),
  fr: (d) => ({
    subject: 'Votre mot de passe Trellis a été modifié',
    paragraphs: [
      `Bonjour ${d.name},`,
      'Le mot de passe de votre compte Trellis a été modifié, et vos autres sessions ont été fermées.',
      ...(d.revokedTokens > 0
        ? [
            d.revokedTokens === 1
              ? '1 jeton d’API a aussi été révoqué : les programmes qui l’utilisaient ont besoin d’un nouveau jeton.'
              : `${d.revokedTokens} jetons d’API ont aussi été révoqués : les programmes qui les utilisaient ont besoin de nouveaux jetons.`,
          ]
        : []),
      ...(d.keptTokens > 0
        ? [d.keptTokens === 1 ? 'Votre jeton d’API reste valable.' : `Vos ${d.keptTokens} jetons d’API restent valables.`]
        : []),
      'Si ce n’était pas vous, réinitialisez tout de suite votre mot de passe et prévenez votre administrateur.',
    ],
    action: { label: 'Réinitialiser votre mot de passe', url: d.resetUrl },
  }),
};

/** A sign-up waits for its address to be confirmed: nothing exists until the link is used. */
const signUpConfirmation: Template<{ name: string; tenantName: string; kind: string; url: string; hours: number }> = {
  en: (d) => ({
    subject: 'Confirm your Trellis sign-up',
    paragraphs: [
      `Hello ${d.name},`,
      `To create the ${kindWords.en[d.kind] ?? d.kind} account ${d.tenantName} on Trellis, with you as its global admin, confirm this address within ${d.hours} hours; the link works once.`,
      'If you did not sign up, ignore this mail: nothing is created.',
    ],
    action: { label: 'Confirm the sign-up', url: d.url },
  }),
  ko: (d) => ({
    subject: 'Trellis 가입을 확인하세요',
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      `Trellis에 ${d.tenantName} ${kindWords.ko[d.kind] ?? d.kind} 계정을 만들고 귀하를 전역 관리자로 지정하려면 ${d.hours}시간 이내에 이 주소를 확인하세요. 이 링크는 한 번만 사용할 수 있습니다.`,
      '가입하지 않았다면 이 메일을 무시하세요. 아무것도 만들어지지 않습니다.',
    ],
    action: { label: '가입 확인', url: d.url },
  }),
  fr: (d) => ({
    subject: 'Confirmez votre inscription à Trellis',
    paragraphs: [
      `Bonjour ${d.name},`,
      `Pour créer le compte ${kindWords.fr[d.kind] ?? d.kind} ${d.tenantName} sur Trellis, dont vous serez l’administrateur général, confirmez cette adresse dans les ${d.hours} heures ; le lien ne sert qu’une fois.`,
      'Si vous ne vous êtes pas inscrit, ignorez ce message : rien n’est créé.',
    ],
    action: { label: 'Confirmer l’inscription', url: d.url },
  }),
};

/** A sign-up with an address that has an account already: the owner learns it, the requester does not. */
const signUpExisting: Template<{ name: string; signInUrl: string; resetUrl: string }> = {
  en: (d) => ({
    subject: 'You already have a Trellis account',
    paragraphs: [
      `Hello ${d.name},`,
      'Someone tried to sign up to Trellis with this address, which already has an account. No new account was made.',
      `Forgot your password? Choose a new one at ${d.resetUrl}`,
      'If it was not you, you may ignore this mail.',
    ],
    action: { label: 'Sign in', url: d.signInUrl },
  }),
  ko: (d) => ({
    subject: '이미 Trellis 계정이 있습니다',
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      '누군가 이 주소로 Trellis 가입을 시도했지만, 이 주소에는 이미 계정이 있습니다. 새 계정은 만들어지지 않았습니다.',
      `비밀번호를 잊었다면 ${d.resetUrl} 에서 새 비밀번호를 설정하세요.`,
      '직접 시도하지 않았다면 이 메일을 무시해도 됩니다.',
    ],
    action: { label: '로그인', url: d.signInUrl },
  }),
  fr: (d) => ({
    subject: 'Vous avez déjà un compte Trellis',
    paragraphs: [
      `Bonjour ${d.name},`,
      'Quelqu’un a tenté de s’inscrire sur Trellis avec cette adresse, qui a déjà un compte. Aucun nouveau compte n’a été créé.',
      `Mot de passe oublié ? Choisissez-en un nouveau sur ${d.resetUrl}`,
      'Si ce n’était pas vous, vous pouvez ignorer ce message.',
    ],
    action: { label: 'Se connecter', url: d.signInUrl },
  }),
};

export const identityTemplates = {
  welcome,
  userInvitation,
  apiTokenCreated,
  mfaEnabled,
  passwordReset,
  passwordChanged,
  signUpConfirmation,
  signUpExisting,
};
