import type { ErrorCode } from './error-codes.ts';

/** Every error code's title and meaning in French, beside the English of error-codes.ts. */
export const errorCodesFr: Record<ErrorCode, { title: string; description: string }> = {
  invalid_request: {
    title: 'La requête n’est pas valide',
    description:
      'Un champ manque, n’est pas du bon type ou sort de ses limites, le corps n’est pas du JSON, ou l’en-tête Authorization n’est pas ' +
      '« Bearer <jeton d’API> ». `errors` liste chaque champ en cause, avec la partie de la requête (`in`) et un pointeur JSON.',
  },
  unauthenticated: {
    title: 'Authentification requise',
    description:
      'Cette route demande un appelant connecté : connectez-vous pour obtenir un cookie de session, ou envoyez un jeton d’API (Authorization: Bearer trt_…).',
  },
  forbidden: {
    title: 'Non autorisé',
    description:
      'Aucun de vos rôles ne donne la permission demandée par la route (nommée dans `permission`). Quand une règle explique comment faire, ' +
      '`rule` la nomme : ajouter des utilisateurs, par exemple, demande le rôle admin_agent, qu’un administrateur global peut s’attribuer.',
  },
  cross_site_request: {
    title: 'Requête intersite refusée',
    description:
      'Une écriture venait d’une page d’une autre origine. Appelez l’API depuis l’origine de la console, ou envoyez un jeton d’API, qu’aucune page ne peut emprunter.',
  },
  mfa_enrollment_required: {
    title: 'Authentification multifacteur requise',
    description:
      'L’opérateur exige une application d’authentification : enregistrez-en une (POST /v1/me/totp) avant toute autre chose.',
  },
  not_found: {
    title: 'Introuvable',
    description:
      'Cette ressource n’existe pas, ou vous ne pouvez pas la voir : Trellis ne distingue pas les deux cas, pour ne pas révéler ce que d’autres détiennent.',
  },
  link_unavailable: {
    title: 'Ce lien ne peut plus être utilisé',
    description:
      'Un lien envoyé par e-mail sert une fois et pour un temps : celui-ci a été utilisé, a expiré ou a été révoqué. Demandez-en un nouveau à son expéditeur.',
  },
  payload_too_large: {
    title: 'Corps de requête trop volumineux',
    description: 'Le corps dépasse la taille acceptée par le serveur (TRELLIS_BODY_LIMIT_BYTES).',
  },
  uri_too_long: {
    title: 'URI trop longue',
    description: 'Une partie du chemin est plus longue que tout identifiant créé par Trellis.',
  },
  unsupported_media_type: {
    title: 'Type de média non pris en charge',
    description: 'Envoyez le corps en JSON, avec Content-Type: application/json.',
  },
  rate_limited: {
    title: 'Trop de requêtes',
    description:
      'Cette route compte les appels par client, locataire ou utilisateur : attendez le nombre de secondes indiqué par l’en-tête Retry-After, puis réessayez.',
  },
  internal_error: {
    title: 'Erreur interne',
    description:
      'Une erreur s’est produite sur le serveur. L’identifiant de requête (`requestId` et l’en-tête x-request-id) permet de la retrouver dans les journaux.',
  },
  database_unavailable: {
    title: 'Base de données indisponible',
    description: 'Le contrôle de santé a constaté que la base de données ne répond pas.',
  },
  concurrent_change: {
    title: 'Modifié en même temps',
    description:
      'Une autre requête a modifié la même chose au même moment. Relisez-la, puis réessayez si c’est toujours nécessaire.',
  },
  idempotency_key_reused: {
    title: 'Clé d’idempotence déjà utilisée',
    description:
      'Cette Idempotency-Key a d’abord été envoyée avec une autre requête (route ou corps) : une clé ne désigne qu’une seule requête.',
  },
  idempotency_key_unreadable: {
    title: 'La clé d’idempotence ne peut pas être rejouée',
    description:
      'La première réponse à cette Idempotency-Key a été scellée avec un autre secret et ne peut pas être relue : utilisez une nouvelle clé.',
  },
  invalid_credentials: {
    title: 'Échec de la connexion',
    description:
      'L’adresse e-mail et le mot de passe ne correspondent à aucun utilisateur (ou, lors d’un changement de mot de passe, le mot de passe actuel est faux).',
  },
  mfa_required: {
    title: 'Code requis',
    description:
      'Cet utilisateur se connecte avec une application d’authentification : envoyez le code à six chiffres avec le mot de passe.',
  },
  invalid_mfa_code: {
    title: 'Code erroné',
    description: 'Le code d’authentification est faux ou a expiré ; les codes changent toutes les 30 secondes.',
  },
  mfa_already_enabled: {
    title: 'Déjà enregistré',
    description:
      'Cet utilisateur a déjà une application d’authentification ; désactivez-la d’abord pour en enregistrer une autre.',
  },
  mfa_not_enabled: {
    title: 'Non enregistré',
    description: 'Cet utilisateur n’a pas d’application d’authentification à désactiver.',
  },
  mfa_not_started: {
    title: 'Aucun enregistrement en cours',
    description: 'Commencez l’enregistrement (POST /v1/me/totp) avant de le confirmer avec un code.',
  },
  mfa_required_by_operator: {
    title: 'Exigé par l’opérateur',
    description: 'L’opérateur exige l’authentification multifacteur : elle ne peut pas être désactivée.',
  },
  email_taken: {
    title: 'Adresse e-mail déjà utilisée',
    description: 'Un utilisateur de Trellis a déjà cette adresse ; chaque adresse appartient à un seul utilisateur.',
  },
  operator_exists: {
    title: 'Le locataire opérateur existe',
    description: 'Une installation a un seul locataire opérateur, créé une fois à la mise en place.',
  },
  admin_protected: {
    title: 'Cet utilisateur est administrateur',
    description:
      'L’utilisateur détient un rôle supérieur à ce que vous pouvez attribuer : seul quelqu’un qui peut attribuer ce rôle le modifie, ' +
      'et un partenaire agissant sous une délégation a besoin d’une délégation qui comprend global_admin.',
  },
  last_admin: {
    title: 'Dernier administrateur',
    description: 'Un locataire garde au moins un administrateur global actif : attribuez d’abord le rôle à quelqu’un d’autre.',
  },
  user_invited: {
    title: 'L’utilisateur n’a pas terminé son inscription',
    description:
      'Un utilisateur invité devient actif en choisissant un mot de passe depuis le lien reçu par e-mail ; d’ici là, ceci est impossible.',
  },
  user_not_active: {
    title: 'Utilisateur inactif',
    description: 'L’utilisateur n’est pas actif (encore invité, ou désactivé) : il n’a pas de mot de passe à réinitialiser.',
  },
  role_not_held: {
    title: 'Rôle non détenu',
    description: 'Un jeton d’API ne peut porter que des rôles que détient son créateur.',
  },
  already_enrolled: {
    title: 'Déjà dans le programme',
    description: 'Le partenaire détient déjà cette capacité, ou est déjà inscrit à ce programme d’incitation.',
  },
  enrollment_open: {
    title: 'Une inscription est en cours',
    description: 'Une inscription à ce programme attend déjà sa vérification ou son examen.',
  },
  enrollment_decided: {
    title: 'Déjà décidé',
    description: 'L’inscription a déjà été approuvée ou rejetée.',
  },
  enrollment_not_in_review: {
    title: 'Pas encore en examen',
    description: 'Le contact principal n’a pas encore confirmé l’inscription par le lien reçu par e-mail.',
  },
  profile_incomplete: {
    title: 'L’inscription manque d’informations',
    description: 'Le profil du partenaire ne contient pas tout ce que demande le programme ; `missing` le liste.',
  },
  partner_id_unknown: {
    title: 'ID partenaire inconnu',
    description: 'L’ID partenaire ne figure pas au registre de l’opérateur.',
  },
  partner_id_inactive: {
    title: 'ID partenaire inactif',
    description: 'Le profil d’organisation de l’ID partenaire n’est pas actif.',
  },
  partner_id_country_mismatch: {
    title: 'ID partenaire d’un autre pays',
    description: 'L’ID partenaire appartient à une organisation d’un autre pays que celui du locataire du partenaire.',
  },
  partner_id_taken: {
    title: 'ID partenaire déjà associé',
    description: 'Un autre partenaire a déjà prouvé que cet ID partenaire est le sien.',
  },
  invalid_code: {
    title: 'Code erroné',
    description:
      'Le code ne correspond pas à celui envoyé au compte de l’ID partenaire, ou il a expiré : demandez-en un nouveau.',
  },
  requirements_not_confirmed: {
    title: 'Exigences du programme non confirmées',
    description:
      'Une inscription en facturation directe n’est approuvée qu’après qu’un examinateur a confirmé ses exigences de programme.',
  },
  not_identified_for_offboarding: {
    title: 'Non désigné pour le passage à l’indirect',
    description:
      'Seul un partenaire en facturation directe que l’opérateur a désigné pour la sortie peut s’inscrire comme revendeur indirect avec son locataire.',
  },
  no_rollback_acknowledgement_required: {
    title: 'Confirmez qu’il n’y a pas de retour en arrière',
    description:
      'Le passage à revendeur indirect est irréversible : l’inscription doit indiquer qu’elle le sait (acknowledgeNoRollback).',
  },
  no_rollback: {
    title: 'La capacité de revendeur indirect ne peut pas être retirée',
    description: 'Une fois accordée, la capacité de revendeur indirect reste acquise.',
  },
  not_direct_bill: {
    title: 'Pas un partenaire en facturation directe',
    description:
      'L’action est réservée aux partenaires en facturation directe (ou à leurs inscriptions, ou à leurs clients directs).',
  },
  not_approved_reseller: {
    title: 'Aucune inscription de revendeur indirect approuvée',
    description: 'Le contrat de revendeur indirect est proposé une fois l’inscription de revendeur indirect approuvée.',
  },
  not_onboarded: {
    title: 'Non intégré',
    description: 'Aucune inscription du partenaire n’a encore été approuvée.',
  },
  no_active_capability: {
    title: 'Aucune capacité active',
    description: 'Le partenaire ne détient aucune capacité de programme active.',
  },
  partner_agreement_not_accepted: {
    title: 'Contrat partenaire non accepté',
    description: 'Un administrateur global du partenaire doit accepter la version en vigueur du contrat partenaire.',
  },
  cannot_transact: {
    title: 'Le partenaire ne peut pas effectuer de transactions',
    description: 'Le partenaire n’est pas prêt à faire affaire : `blockers` liste chaque raison, avec sa règle.',
  },
  not_current_version: {
    title: 'Pas la version en vigueur',
    description: 'Seule la version en vigueur d’un contrat peut être acceptée ; relisez-le.',
  },
  version_exists: {
    title: 'La version existe',
    description: 'Ce contrat a déjà une version de ce nom.',
  },
  not_eligible: {
    title: 'Non éligible',
    description: 'Ce programme d’incitation est réservé aux partenaires ayant une capacité active de ce type.',
  },
  already_partners: {
    title: 'Déjà partenaires',
    description: 'Le fournisseur et le revendeur ont déjà un partenariat actif.',
  },
  invitation_pending: {
    title: 'Invitation en attente',
    description: 'Une invitation à ce revendeur attend déjà : renvoyez-la plutôt que d’en créer une autre.',
  },
  invitation_not_pending: {
    title: 'Plus en attente',
    description: 'L’invitation a été acceptée, révoquée ou a expiré.',
  },
  authorization_required: {
    title: 'Autorisez le fournisseur',
    description: 'Accepter un fournisseur demande une autorisation explicite : cochez-la (authorize: true).',
  },
  not_an_indirect_reseller: {
    title: 'Pas un revendeur indirect',
    description: 'Seul un partenaire ayant une capacité active de revendeur indirect peut y prendre part.',
  },
  self_partnership: {
    title: 'Pas avec lui-même',
    description: 'Un partenaire ne peut pas être son propre fournisseur ni son propre revendeur.',
  },
  region_mismatch: {
    title: 'Dans un autre marché',
    description: 'Les partenaires ne travaillent qu’avec des clients, et des partenaires, de leur propre région.',
  },
  partnership_ended: {
    title: 'Le partenariat a pris fin',
    description: 'Le partenariat nécessaire a été terminé par l’opérateur.',
  },
  reseller_not_ready: {
    title: 'Le revendeur ne peut pas encore effectuer de transactions',
    description:
      'Aucune nouvelle affaire avec un revendeur tant qu’il n’est pas intégré, actif et signataire du contrat partenaire.',
  },
  cannot_create_customers: {
    title: 'Les revendeurs indirects ne créent pas de clients',
    description: 'Un revendeur indirect obtient ses clients par invitation via un fournisseur, sans créer leurs locataires.',
  },
  no_new_direct_customers: {
    title: 'Pas de nouveaux clients directs',
    description: 'Un partenaire passé revendeur indirect garde ses clients directs mais n’en ajoute pas de nouveaux.',
  },
  not_a_provider: {
    title: 'Seuls les fournisseurs créent des clients pour un revendeur',
    description: 'Nommer un revendeur lors de la création d’un client est réservé aux fournisseurs indirects.',
  },
  reseller_required: {
    title: 'Nommez le revendeur',
    description: 'Un fournisseur qui crée un client nomme le revendeur indirect par lequel il vend.',
  },
  not_your_reseller: {
    title: 'Pas l’un de vos revendeurs',
    description: 'Le revendeur nommé n’a pas de partenariat actif avec vous.',
  },
  not_your_provider: {
    title: 'Pas l’un de vos fournisseurs',
    description: 'Une invitation conjointe nomme un fournisseur avec lequel le revendeur a un partenariat actif.',
  },
  provider_required: {
    title: 'Nommez un fournisseur',
    description: 'Un revendeur indirect invite des clients pour l’un de ses fournisseurs, et le nomme.',
  },
  self_dealing: {
    title: 'Une société affiliée n’est pas un client final',
    description: 'Un partenaire ne vend pas à lui-même, ni à une société affiliée en tant que client final.',
  },
  partner_tenant_as_customer: {
    title: 'Un locataire partenaire n’est pas un client',
    description: 'Un partenaire qui achète pour son propre usage le fait dans un locataire client distinct à usage interne.',
  },
  reseller_as_provider_customer: {
    title: 'Un revendeur ne peut pas être client de son fournisseur avec le même locataire',
    description:
      'Utilisez un autre locataire, demandez à l’opérateur de mettre fin au partenariat, ou achetez par un autre fournisseur.',
  },
  offer_exists: {
    title: 'Une offre porte déjà ce SKU',
    description: 'Chaque offre a son propre SKU : modifiez l’offre existante ou choisissez un autre SKU.',
  },
  offer_not_available: {
    title: 'Offre indisponible',
    description:
      'L’offre n’existe pas, est retirée, ou n’a pas de prix dans le marché et la devise du client : commandez parmi GET /v1/offers?country= pour le pays du client.',
  },
  customer_agreement_required: {
    title: 'Le contrat client n’est pas accepté',
    description:
      'Avant toute commande, l’administrateur global du client accepte le contrat client dans Trellis, ou le partenaire atteste que le client l’a signé (POST /v1/customers/{id}/customer-agreement/attestations).',
  },
  direct_bill_only_offer: {
    title: 'Réservé aux clients en facturation directe',
    description:
      'Les réservations et les logiciels perpétuels sont commandés par un partenaire en facturation directe pour ses clients directs.',
  },
  ordered_by_provider: {
    title: 'Le fournisseur commande pour ce client',
    description:
      'Ce client a été acquis par le canal indirect : son fournisseur passe ses commandes en vous nommant revendeur de référence ; l’achat en facturation directe ne s’applique pas.',
  },
  licenses_managed_by_reseller: {
    title: 'Le revendeur attitré gère ces licences',
    description:
      'Pour un abonnement d’un client indirect, le revendeur attitré attribue et retire les licences (ainsi que l’administrateur général du client) ; son fournisseur passe les commandes.',
  },
  license_quantity_exceeded: {
    title: 'Toutes les licences sont attribuées',
    description:
      'Autant de licences sont attribuées que la quantité de l’abonnement : retirez-en une à un autre utilisateur, ou augmentez la quantité, d’abord. Le problème donne les deux nombres.',
  },
  licenses_assigned: {
    title: 'Plus de licences sont attribuées que la nouvelle quantité',
    description:
      'Une quantité ne descend pas sous le nombre de licences attribuées : retirez autant de licences que le problème l’indique (toUnassign), puis réduisez-la.',
  },
  subscription_not_active: {
    title: 'L’abonnement n’est pas actif',
    description:
      'Seules les licences d’un abonnement actif s’attribuent : celles d’un abonnement suspendu, expiré, désactivé ou supprimé se retirent seulement.',
  },
  user_disabled: {
    title: 'L’utilisateur est désactivé',
    description: 'Une licence va à un utilisateur actif ou invité du client : réactivez d’abord l’utilisateur.',
  },
  reseller_not_of_customer: {
    title: 'Pas le revendeur par lequel vous servez ce client',
    description:
      'Un fournisseur nomme comme revendeur de référence celui par lequel il a sa relation avec ce client (GET /v1/customers/{id}/relationships).',
  },
  direct_bill_required: {
    title: 'La facturation directe n’est pas active',
    description:
      'Commander pour un client direct exige une capacité de facturation directe active ; un partenaire qui ne l’a pas déplace ses clients directs vers un fournisseur (R-TRN-9).',
  },
  subscriptions_active: {
    title: 'Des abonnements actifs subsistent',
    description:
      'La facturation directe ne peut être abandonnée tant que des clients directs ont des abonnements actifs qu’elle facture : laissez-les d’abord prendre fin, et déplacez ces clients vers un fournisseur (R-TRN-9) pour leurs achats suivants.',
  },
  no_customer_admin: {
    title: 'Personne pour accepter',
    description: 'Le client n’a aucun administrateur global actif qui pourrait accepter la demande.',
  },
  request_pending: {
    title: 'Une demande est en attente',
    description: 'Une demande de relation à ce client attend déjà : renvoyez-la plutôt que d’en créer une autre.',
  },
  request_not_pending: {
    title: 'Plus en attente',
    description: 'La demande de relation a été acceptée, révoquée ou a expiré.',
  },
  link_required: {
    title: 'Acceptez-la depuis son lien',
    description:
      'La demande de relation est arrivée par e-mail sans nommer votre locataire : le lien de cet e-mail montre qu’elle vous est ' +
      'bien parvenue, ouvrez-le et acceptez-la là. Les demandes qui nomment votre locataire s’acceptent aussi depuis votre liste de demandes reçues.',
  },
  already_with_provider: {
    title: 'Déjà avec ce fournisseur',
    description: 'Le client a déjà une relation avec ce fournisseur.',
  },
  store_channel_customer: {
    title: 'Ce client ne peut pas accepter d’invitation de revendeur indirect',
    description:
      'Les clients ayant acheté par le canal boutique ne peuvent pas accepter d’invitation conjointe ; ils restent en facturation directe.',
  },
  not_a_direct_customer: {
    title: 'Pas un client direct',
    description: 'Seuls les clients acquis en facturation directe passent à un fournisseur.',
  },
  domain_taken: {
    title: 'Domaine déjà utilisé',
    description: 'Un autre locataire utilise déjà ce domaine.',
  },
  relationship_exists: {
    title: 'La relation vient d’être créée',
    description: 'Le client et le partenaire ont été liés au même moment par une autre requête.',
  },
  relationship_in_use: {
    title: 'La relation ne peut pas encore prendre fin',
    description: 'Des délégations actives ou une relation conjointe reposent encore sur elle : terminez-les d’abord.',
  },
  bulk_move_finished: {
    title: 'Le transfert est terminé',
    description: 'Un transfert groupé terminé ou annulé ne peut pas être annulé.',
  },
  no_admin_role: {
    title: 'Aucun rôle d’administration',
    description: 'Une délégation comprend au moins un rôle d’administration.',
  },
  unknown_admin_role: {
    title: 'Rôle d’administration inconnu',
    description: 'Un rôle nommé ne figure pas au catalogue des rôles d’administration de l’opérateur.',
  },
  grant_duration: {
    title: 'Durée de la délégation',
    description: 'Une délégation dure de 1 à 730 jours.',
  },
  auto_extension_with_global_admin: {
    title: 'Pas de prolongation automatique avec administrateur global',
    description: 'Une délégation qui comprend le rôle d’administrateur global ne se prolonge pas d’elle-même.',
  },
  admin_role_in_use: {
    title: 'Le rôle d’administration figure dans une délégation par défaut',
    description:
      'Un rôle ne quitte le catalogue qu’une fois qu’aucune délégation par défaut ne le contient : retirez-le d’abord de `defaultGrants`, ou dans la même modification.',
  },
  grant_not_active: {
    title: 'Inactive',
    description: 'La délégation a pris fin ou a expiré.',
  },
  grant_widening: {
    title: 'Restriction uniquement',
    description:
      'Une délégation peut être restreinte sur place ; une délégation plus large se demande par une nouvelle demande de délégation.',
  },
  grant_request_pending: {
    title: 'Une demande est en attente',
    description: 'Une demande de délégation à ce client attend déjà sa réponse.',
  },
  grant_request_not_pending: {
    title: 'Plus en attente',
    description: 'La demande de délégation a été approuvée, rejetée, révoquée ou a expiré.',
  },
  grant_request_not_wider: {
    title: 'Pas une délégation plus large',
    description: 'La délégation active donne déjà ce qui est demandé : une nouvelle demande demande davantage.',
  },
  grant_request_basis_ended: {
    title: 'Le partenaire ne travaille plus avec vous',
    description:
      'La relation ou le partenariat sur lequel reposait la demande a pris fin : il n’y a plus rien sur quoi déléguer.',
  },
  approval_not_within_request: {
    title: 'Plus que ce qui était demandé',
    description: 'Une approbation peut restreindre une demande, jamais l’élargir.',
  },
  change_window_closed: {
    title: 'Le délai pour ce changement est passé',
    description:
      'Un abonnement ne peut être réduit ou résilié que dans les 7 jours qui suivent son achat ou son dernier renouvellement ; le problème indique la date de fin du délai.',
  },
  quantity_out_of_range: {
    title: 'La quantité sort des limites de l’offre',
    description: 'L’offre se vend entre une quantité minimale et une quantité maximale ; le problème donne les deux.',
  },
  subscription_not_changeable: {
    title: 'Cet abonnement ne peut pas être modifié maintenant',
    description:
      'Seul un abonnement actif se modifie ; un abonnement suspendu ne change de quantité qu’à sa réactivation, et un abonnement expiré, désactivé ou supprimé est en lecture seule.',
  },
  next_term_needs_renewal: {
    title: 'Un changement pour la prochaine période demande le renouvellement automatique',
    description: 'Activez le renouvellement automatique pour réserver une quantité pour la prochaine période.',
  },
  price_entry_exists: {
    title: 'Le barème a déjà cette règle',
    description:
      'Un barème a une règle par offre (ou pour toutes), par acheteur ou groupe (ou pour tous) et, pour les prix fixes, par devise : modifiez cette règle au lieu d’en ajouter une autre.',
  },
  credit_limit_exceeded: {
    title: 'Au-delà de la limite de crédit du revendeur',
    description:
      'La commande porterait le solde dû par le revendeur à son fournisseur au-delà de la limite de crédit fixée par le fournisseur, qui refuse ces commandes : le fournisseur relève la limite, ou le revendeur règle d’abord ce qu’il doit (R-CRD-1).',
  },
  order_not_held: {
    title: 'La commande n’est pas en attente',
    description:
      'Seule une commande en attente d’approbation (au-delà de la limite de crédit du revendeur, R-CRD-1) est approuvée ou rejetée, une seule fois.',
  },
};
