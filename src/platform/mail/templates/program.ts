/** Mail about program membership: partner IDs and enrollments (R-ENR-1..3). */
import type { Language, Template } from './types.ts';

const programNames: Record<Language, Record<string, string>> = {
  en: { direct_bill: 'direct bill', indirect_provider: 'indirect provider', indirect_reseller: 'indirect reseller' },
  ko: { direct_bill: '직접 청구', indirect_provider: '간접 공급자', indirect_reseller: '간접 리셀러' },
  fr: { direct_bill: 'facturation directe', indirect_provider: 'fournisseur indirect', indirect_reseller: 'revendeur indirect' },
};
const program = (lang: Language, p: string) => programNames[lang][p] ?? p;

const partnerIdCode: Template<{ organization: string; partnerId: string; tenantName: string; code: string; minutes: number }> = {
  en: (d) => ({
    subject: `Your code to link partner ID ${d.partnerId}: ${d.code}`,
    paragraphs: [
      `${d.tenantName} asked to link the partner ID ${d.partnerId} of ${d.organization} to its Trellis account.`,
      `If that is you, enter this code within ${d.minutes} minutes: ${d.code}`,
      'If it is not, ignore this mail: the ID stays unlinked.',
    ],
  }),
  ko: (d) => ({
    subject: `파트너 ID ${d.partnerId} 연결 코드: ${d.code}`,
    paragraphs: [
      `${d.tenantName}에서 ${d.organization}의 파트너 ID ${d.partnerId}를 Trellis 계정에 연결하려고 합니다.`,
      `본인이 맞다면 ${d.minutes}분 이내에 이 코드를 입력하세요: ${d.code}`,
      '본인이 아니라면 이 메일을 무시하세요. ID는 연결되지 않습니다.',
    ],
  }),
  fr: (d) => ({
    subject: `Votre code pour lier l’ID partenaire ${d.partnerId} : ${d.code}`,
    paragraphs: [
      `${d.tenantName} a demandé à lier l’ID partenaire ${d.partnerId} de ${d.organization} à son compte Trellis.`,
      `Si c’est bien vous, saisissez ce code dans les ${d.minutes} minutes : ${d.code}`,
      'Sinon, ignorez ce message : l’ID reste non lié.',
    ],
  }),
};

const enrollmentVerification: Template<{ name: string; tenantName: string; program: string; url: string; days: number }> = {
  en: (d) => ({
    subject: `Confirm the ${program('en', d.program)} enrollment of ${d.tenantName}`,
    paragraphs: [
      `Hello ${d.name},`,
      `${d.tenantName} named you the primary contact of its enrollment in the ${program('en', d.program)} program.`,
      `Confirm within ${d.days} days that you signed up and that this address belongs to your organization; review starts then. The link works once.`,
    ],
    action: { label: 'Confirm', url: d.url },
  }),
  ko: (d) => ({
    subject: `${d.tenantName}의 ${program('ko', d.program)} 등록을 확인하세요`,
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      `${d.tenantName}에서 ${program('ko', d.program)} 프로그램 등록의 기본 연락처로 귀하를 지정했습니다.`,
      `${d.days}일 이내에 본인이 등록했으며 이 주소가 귀하의 조직 주소임을 확인하세요. 확인 후 검토가 시작됩니다. 이 링크는 한 번만 사용할 수 있습니다.`,
    ],
    action: { label: '확인', url: d.url },
  }),
  fr: (d) => ({
    subject: `Confirmez l’inscription de ${d.tenantName} au programme ${program('fr', d.program)}`,
    paragraphs: [
      `Bonjour ${d.name},`,
      `${d.tenantName} vous a désigné comme contact principal de son inscription au programme ${program('fr', d.program)}.`,
      `Confirmez dans les ${d.days} jours que vous l’avez faite et que cette adresse appartient à votre organisation ; l’examen commence ensuite. Le lien ne sert qu’une fois.`,
    ],
    action: { label: 'Confirmer', url: d.url },
  }),
};

type StatusData = { name: string; tenantName: string; program: string; reason?: string; programInfoUrl: string };

const enrollmentUnderReview: Template<StatusData> = {
  en: (d) => ({
    subject: `Your ${program('en', d.program)} enrollment is under review`,
    paragraphs: [
      `Hello ${d.name},`,
      `The enrollment of ${d.tenantName} in the ${program('en', d.program)} program is confirmed and under review. We will write when it is decided.`,
    ],
    action: { label: 'Program info', url: d.programInfoUrl },
  }),
  ko: (d) => ({
    subject: `${program('ko', d.program)} 등록을 검토 중입니다`,
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      `${d.tenantName}의 ${program('ko', d.program)} 프로그램 등록이 확인되어 검토 중입니다. 결정되면 알려 드리겠습니다.`,
    ],
    action: { label: '프로그램 정보', url: d.programInfoUrl },
  }),
  fr: (d) => ({
    subject: `Votre inscription ${program('fr', d.program)} est en cours d’examen`,
    paragraphs: [
      `Bonjour ${d.name},`,
      `L’inscription de ${d.tenantName} au programme ${program('fr', d.program)} est confirmée et en cours d’examen. Nous vous écrirons dès la décision.`,
    ],
    action: { label: 'Infos du programme', url: d.programInfoUrl },
  }),
};

const enrollmentApproved: Template<StatusData> = {
  en: (d) => ({
    subject: `Approved: ${d.tenantName} in the ${program('en', d.program)} program`,
    paragraphs: [`Hello ${d.name},`, `The enrollment of ${d.tenantName} in the ${program('en', d.program)} program is approved.`],
    action: { label: 'Program info', url: d.programInfoUrl },
  }),
  ko: (d) => ({
    subject: `승인됨: ${d.tenantName}의 ${program('ko', d.program)} 프로그램`,
    paragraphs: [`${d.name}님, 안녕하세요.`, `${d.tenantName}의 ${program('ko', d.program)} 프로그램 등록이 승인되었습니다.`],
    action: { label: '프로그램 정보', url: d.programInfoUrl },
  }),
  fr: (d) => ({
    subject: `Approuvée : ${d.tenantName} au programme ${program('fr', d.program)}`,
    paragraphs: [
      `Bonjour ${d.name},`,
      `L’inscription de ${d.tenantName} au programme ${program('fr', d.program)} est approuvée.`,
    ],
    action: { label: 'Infos du programme', url: d.programInfoUrl },
  }),
};

const enrollmentRejected: Template<StatusData> = {
  en: (d) => ({
    subject: `Not approved: ${d.tenantName} in the ${program('en', d.program)} program`,
    paragraphs: [
      `Hello ${d.name},`,
      `The enrollment of ${d.tenantName} in the ${program('en', d.program)} program was not approved.`,
      `Reason: ${d.reason ?? '—'}`,
    ],
    action: { label: 'Program info', url: d.programInfoUrl },
  }),
  ko: (d) => ({
    subject: `승인되지 않음: ${d.tenantName}의 ${program('ko', d.program)} 프로그램`,
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      `${d.tenantName}의 ${program('ko', d.program)} 프로그램 등록이 승인되지 않았습니다.`,
      `사유: ${d.reason ?? '—'}`,
    ],
    action: { label: '프로그램 정보', url: d.programInfoUrl },
  }),
  fr: (d) => ({
    subject: `Non approuvée : ${d.tenantName} au programme ${program('fr', d.program)}`,
    paragraphs: [
      `Bonjour ${d.name},`,
      `L’inscription de ${d.tenantName} au programme ${program('fr', d.program)} n’a pas été approuvée.`,
      `Motif : ${d.reason ?? '—'}`,
    ],
    action: { label: 'Infos du programme', url: d.programInfoUrl },
  }),
};

const reviewDeadlineReminder: Template<{ name: string; tenantName: string; dueAt: string; queueUrl: string }> = {
  en: (d) => ({
    subject: `One business day left: the transition of ${d.tenantName}`,
    paragraphs: [
      `Hello ${d.name},`,
      `The move of ${d.tenantName} from direct bill to indirect reseller must be decided by ${d.dueAt}.`,
    ],
    action: { label: 'Open the review queue', url: d.queueUrl },
  }),
  ko: (d) => ({
    subject: `영업일 하루 남음: ${d.tenantName}의 전환`,
    paragraphs: [
      `${d.name}님, 안녕하세요.`,
      `${d.tenantName}의 직접 청구에서 간접 리셀러로의 전환은 ${d.dueAt}까지 결정되어야 합니다.`,
    ],
    action: { label: '검토 대기열 열기', url: d.queueUrl },
  }),
  fr: (d) => ({
    subject: `Plus qu’un jour ouvré : la transition de ${d.tenantName}`,
    paragraphs: [
      `Bonjour ${d.name},`,
      `Le passage de ${d.tenantName} de la facturation directe au modèle indirect doit être décidé avant le ${d.dueAt}.`,
    ],
    action: { label: 'Ouvrir la file d’examen', url: d.queueUrl },
  }),
};

const incentiveInvitation: Template<{ organization: string; programName: string; url: string }> = {
  en: (d) => ({
    subject: `${d.organization}: you are invited to ${d.programName}`,
    paragraphs: [
      'Hello,',
      `As an indirect reseller, ${d.organization} is invited to join the incentive program ${d.programName}. Enrollment is separate from your other programs.`,
    ],
    action: { label: 'See the invitation', url: d.url },
  }),
  ko: (d) => ({
    subject: `${d.organization}: ${d.programName}에 초대되었습니다`,
    paragraphs: [
      '안녕하세요.',
      `간접 리셀러인 ${d.organization}을(를) 인센티브 프로그램 ${d.programName}에 초대합니다. 등록은 다른 프로그램과 별도로 진행됩니다.`,
    ],
    action: { label: '초대 보기', url: d.url },
  }),
  fr: (d) => ({
    subject: `${d.organization} : vous êtes invité à ${d.programName}`,
    paragraphs: [
      'Bonjour,',
      `En tant que revendeur indirect, ${d.organization} est invité à rejoindre le programme d’incitation ${d.programName}. L’inscription est distincte de vos autres programmes.`,
    ],
    action: { label: 'Voir l’invitation', url: d.url },
  }),
};

export const programTemplates = {
  partnerIdCode,
  enrollmentVerification,
  enrollmentUnderReview,
  enrollmentApproved,
  enrollmentRejected,
  reviewDeadlineReminder,
  incentiveInvitation,
};
