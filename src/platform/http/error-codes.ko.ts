import type { ErrorCode } from './error-codes.ts';

/** Every error code's title and meaning in Korean, beside the English of error-codes.ts. */
export const errorCodesKo: Record<ErrorCode, { title: string; description: string }> = {
  invalid_request: {
    title: '요청이 올바르지 않습니다',
    description:
      '필드가 없거나, 형식이 틀리거나, 허용 범위를 벗어났거나, 본문이 JSON이 아니거나, Authorization 헤더가 "Bearer <API 토큰>" 형식이 아닙니다. ' +
      '`errors`에 문제가 있는 모든 필드가 요청의 어느 부분(`in`)인지와 JSON 포인터와 함께 나열됩니다.',
  },
  unauthenticated: {
    title: '인증이 필요합니다',
    description:
      '로그인한 사용자만 이용할 수 있습니다. 로그인하여 세션 쿠키를 받거나 API 토큰(Authorization: Bearer trt_…)을 보내세요.',
  },
  forbidden: {
    title: '허용되지 않습니다',
    description:
      '보유한 역할 중 이 작업에 필요한 권한(`permission`에 명시)을 주는 역할이 없습니다. 해결 방법을 설명하는 규칙이 있으면 `rule`에 표시됩니다. ' +
      '예를 들어 사용자를 추가하려면 admin_agent 역할이 필요하며, 전역 관리자는 이 역할을 스스로 부여할 수 있습니다.',
  },
  cross_site_request: {
    title: '교차 사이트 요청이 거부되었습니다',
    description:
      '다른 출처의 페이지에서 쓰기 요청이 왔습니다. 콘솔과 같은 출처에서 API를 호출하거나, 어떤 페이지도 빌려 쓸 수 없는 API 토큰을 보내세요.',
  },
  mfa_enrollment_required: {
    title: '다단계 인증이 필요합니다',
    description: '운영자가 인증 앱 사용을 요구합니다. 다른 작업을 하기 전에 인증 앱을 등록하세요(POST /v1/me/totp).',
  },
  not_found: {
    title: '찾을 수 없습니다',
    description:
      '해당 리소스가 없거나 볼 수 있는 권한이 없습니다. 다른 사용자가 가진 것을 드러내지 않도록 Trellis는 두 경우를 구분하지 않습니다.',
  },
  link_unavailable: {
    title: '더 이상 사용할 수 없는 링크입니다',
    description:
      '메일로 받은 링크는 한 번, 일정 기간만 사용할 수 있습니다. 이 링크는 이미 사용되었거나 만료되었거나 취소되었습니다. 보낸 사람에게 새 링크를 요청하세요.',
  },
  payload_too_large: {
    title: '요청 본문이 너무 큽니다',
    description: '본문이 서버가 허용하는 크기(TRELLIS_BODY_LIMIT_BYTES)보다 큽니다.',
  },
  uri_too_long: {
    title: 'URI가 너무 깁니다',
    description: '경로의 일부가 Trellis가 만드는 어떤 식별자보다 깁니다.',
  },
  unsupported_media_type: {
    title: '지원하지 않는 미디어 유형입니다',
    description: '본문을 JSON으로, Content-Type: application/json과 함께 보내세요.',
  },
  rate_limited: {
    title: '요청이 너무 많습니다',
    description:
      '이 경로는 클라이언트, 테넌트 또는 사용자별로 호출 수를 셉니다. Retry-After 헤더에 있는 초만큼 기다린 후 다시 시도하세요.',
  },
  internal_error: {
    title: '내부 오류',
    description: '서버에서 문제가 발생했습니다. 요청 ID(`requestId`와 x-request-id 헤더)로 로그에서 찾을 수 있습니다.',
  },
  database_unavailable: {
    title: '데이터베이스를 사용할 수 없습니다',
    description: '상태 확인 결과 데이터베이스가 응답하지 않습니다.',
  },
  concurrent_change: {
    title: '동시에 변경되었습니다',
    description: '다른 요청이 같은 순간에 같은 항목을 변경했습니다. 다시 읽은 뒤 여전히 필요하면 다시 시도하세요.',
  },
  idempotency_key_reused: {
    title: '이미 사용된 멱등성 키입니다',
    description: '이 Idempotency-Key는 처음에 다른 요청(경로 또는 본문)과 함께 보내졌습니다. 키 하나는 요청 하나만 가리킵니다.',
  },
  idempotency_key_unreadable: {
    title: '멱등성 키를 재사용할 수 없습니다',
    description: '이 Idempotency-Key에 대한 첫 응답이 다른 비밀 키로 봉인되어 다시 읽을 수 없습니다. 새 키를 사용하세요.',
  },
  invalid_credentials: {
    title: '로그인하지 못했습니다',
    description: '이메일 주소와 비밀번호가 일치하는 사용자가 없습니다(비밀번호를 변경하는 경우에는 현재 비밀번호가 틀렸습니다).',
  },
  mfa_required: {
    title: '코드가 필요합니다',
    description: '이 사용자는 인증 앱으로 로그인합니다. 비밀번호와 함께 6자리 코드를 보내세요.',
  },
  invalid_mfa_code: {
    title: '코드가 틀렸습니다',
    description: '인증 코드가 틀렸거나 만료되었습니다. 코드는 30초마다 바뀝니다.',
  },
  mfa_already_enabled: {
    title: '이미 등록되어 있습니다',
    description: '이 사용자에게는 이미 인증 앱이 있습니다. 다른 앱을 등록하려면 먼저 끄세요.',
  },
  mfa_not_enabled: {
    title: '등록되어 있지 않습니다',
    description: '이 사용자에게는 끌 인증 앱이 없습니다.',
  },
  mfa_not_started: {
    title: '진행 중인 등록이 없습니다',
    description: '코드로 확인하기 전에 등록을 시작하세요(POST /v1/me/totp).',
  },
  mfa_required_by_operator: {
    title: '운영자가 요구합니다',
    description: '운영자가 다단계 인증을 요구하므로 끌 수 없습니다.',
  },
  email_taken: {
    title: '사용 중인 이메일 주소입니다',
    description: '이미 이 주소를 가진 Trellis 사용자가 있습니다. 주소 하나는 한 사용자만 가질 수 있습니다.',
  },
  operator_exists: {
    title: '운영자 테넌트가 이미 있습니다',
    description: '설치마다 운영자 테넌트는 하나이며, 설정할 때 한 번 만들어집니다.',
  },
  admin_protected: {
    title: '이 사용자는 관리자입니다',
    description:
      '이 사용자는 당신이 부여할 수 있는 것보다 높은 역할을 가지고 있습니다. 그 역할을 부여할 수 있는 사람만 변경할 수 있으며, ' +
      '권한 위임으로 작업하는 파트너에게는 global_admin이 포함된 위임이 필요합니다.',
  },
  last_admin: {
    title: '마지막 관리자입니다',
    description: '테넌트에는 활성 전역 관리자가 적어도 한 명 있어야 합니다. 먼저 다른 사람에게 역할을 부여하세요.',
  },
  user_invited: {
    title: '사용자가 아직 설정을 마치지 않았습니다',
    description: '초대된 사용자는 메일로 받은 링크에서 비밀번호를 정해야 활성화됩니다. 그 전에는 이 작업을 할 수 없습니다.',
  },
  user_not_active: {
    title: '활성 사용자가 아닙니다',
    description: '사용자가 활성 상태가 아닙니다(아직 초대 중이거나 비활성화됨). 재설정할 비밀번호가 없습니다.',
  },
  role_not_held: {
    title: '보유하지 않은 역할입니다',
    description: 'API 토큰에는 만든 사람이 보유한 역할만 담을 수 있습니다.',
  },
  already_enrolled: {
    title: '이미 프로그램에 참여하고 있습니다',
    description: '파트너가 이미 이 자격을 가지고 있거나 이 인센티브 프로그램에 이미 등록되어 있습니다.',
  },
  enrollment_open: {
    title: '진행 중인 등록이 있습니다',
    description: '이 프로그램에 대한 등록이 이미 확인 또는 검토를 기다리고 있습니다.',
  },
  enrollment_decided: {
    title: '이미 결정되었습니다',
    description: '등록이 이미 승인되었거나 거부되었습니다.',
  },
  enrollment_not_in_review: {
    title: '아직 검토 단계가 아닙니다',
    description: '주 담당자가 아직 메일로 받은 링크로 등록을 확인하지 않았습니다.',
  },
  profile_incomplete: {
    title: '등록에 필요한 정보가 부족합니다',
    description: '파트너 프로필에 프로그램이 요구하는 정보가 부족합니다. `missing`에 나열됩니다.',
  },
  partner_id_unknown: {
    title: '알 수 없는 파트너 ID입니다',
    description: '파트너 ID가 운영자의 등록부에 없습니다.',
  },
  partner_id_inactive: {
    title: '비활성 파트너 ID입니다',
    description: '파트너 ID의 조직 프로필이 활성 상태가 아닙니다.',
  },
  partner_id_country_mismatch: {
    title: '다른 국가의 파트너 ID입니다',
    description: '파트너 ID가 파트너 테넌트와 다른 국가의 조직에 속해 있습니다.',
  },
  partner_id_taken: {
    title: '이미 연결된 파트너 ID입니다',
    description: '다른 파트너가 이미 이 파트너 ID를 자신의 것으로 증명했습니다.',
  },
  invalid_code: {
    title: '코드가 틀렸습니다',
    description: '코드가 파트너 ID 계정으로 보낸 코드와 일치하지 않거나 만료되었습니다. 새 코드를 요청하세요.',
  },
  requirements_not_confirmed: {
    title: '프로그램 요건이 확인되지 않았습니다',
    description: '직접 청구 등록은 검토자가 프로그램 요건을 확인한 후에만 승인됩니다.',
  },
  not_identified_for_offboarding: {
    title: '간접 전환 대상으로 지정되지 않았습니다',
    description: '운영자가 오프보딩 대상으로 지정한 직접 청구 파트너만 자신의 테넌트로 간접 리셀러에 등록할 수 있습니다.',
  },
  no_rollback_acknowledgement_required: {
    title: '되돌릴 수 없음을 확인하세요',
    description: '간접 리셀러로의 전환은 되돌릴 수 없습니다. 등록에서 이를 알고 있다고 밝혀야 합니다(acknowledgeNoRollback).',
  },
  no_rollback: {
    title: '간접 리셀러 자격은 제거할 수 없습니다',
    description: '간접 리셀러 자격은 한 번 부여되면 유지됩니다.',
  },
  not_direct_bill: {
    title: '직접 청구 파트너가 아닙니다',
    description: '이 작업은 직접 청구 파트너(또는 그 등록이나 직접 고객)에만 해당합니다.',
  },
  not_approved_reseller: {
    title: '승인된 간접 리셀러 등록이 없습니다',
    description: '간접 리셀러 계약은 간접 리셀러 등록이 승인된 후에 제공됩니다.',
  },
  not_onboarded: {
    title: '온보딩되지 않았습니다',
    description: '파트너의 등록 중 아직 승인된 것이 없습니다.',
  },
  no_active_capability: {
    title: '활성 자격이 없습니다',
    description: '파트너에게 활성 프로그램 자격이 없습니다.',
  },
  partner_agreement_not_accepted: {
    title: '파트너 계약에 동의하지 않았습니다',
    description: '파트너의 전역 관리자가 현재 버전의 파트너 계약에 동의해야 합니다.',
  },
  cannot_transact: {
    title: '파트너가 거래할 수 없습니다',
    description: '파트너가 거래할 준비가 되지 않았습니다. `blockers`에 모든 이유가 각각의 규칙과 함께 나열됩니다.',
  },
  not_current_version: {
    title: '현재 버전이 아닙니다',
    description: '계약은 현재 버전만 동의할 수 있습니다. 다시 읽어 보세요.',
  },
  version_exists: {
    title: '이미 있는 버전입니다',
    description: '이 계약에는 이미 같은 이름의 버전이 있습니다.',
  },
  not_eligible: {
    title: '자격이 없습니다',
    description: '이 인센티브 프로그램은 해당 종류의 활성 자격을 가진 파트너를 위한 것입니다.',
  },
  already_partners: {
    title: '이미 파트너 관계입니다',
    description: '공급자와 리셀러가 이미 활성 파트너십을 맺고 있습니다.',
  },
  invitation_pending: {
    title: '대기 중인 초대가 있습니다',
    description: '이 리셀러에 대한 초대가 이미 대기 중입니다. 새로 만들지 말고 다시 보내세요.',
  },
  invitation_not_pending: {
    title: '대기 중이 아닙니다',
    description: '초대가 수락되었거나 취소되었거나 만료되었습니다.',
  },
  authorization_required: {
    title: '공급자를 승인하세요',
    description: '공급자를 수락하려면 명시적인 승인이 필요합니다. 승인란에 체크하세요(authorize: true).',
  },
  not_an_indirect_reseller: {
    title: '간접 리셀러가 아닙니다',
    description: '활성 간접 리셀러 자격을 가진 파트너만 참여할 수 있습니다.',
  },
  self_partnership: {
    title: '자기 자신과는 할 수 없습니다',
    description: '파트너는 자기 자신의 공급자나 리셀러가 될 수 없습니다.',
  },
  region_mismatch: {
    title: '다른 시장입니다',
    description: '파트너는 자신의 지역에 있는 고객 및 파트너와만 일합니다.',
  },
  partnership_ended: {
    title: '파트너십이 종료되었습니다',
    description: '이 작업에 필요한 파트너십을 운영자가 종료했습니다.',
  },
  reseller_not_ready: {
    title: '리셀러가 아직 거래할 수 없습니다',
    description: '리셀러가 온보딩되고 활성 상태이며 파트너 계약에 서명하기 전에는 새 거래를 할 수 없습니다.',
  },
  cannot_create_customers: {
    title: '간접 리셀러는 고객을 만들 수 없습니다',
    description: '간접 리셀러는 테넌트를 직접 만들지 않고 공급자를 통한 초대로 고객을 얻습니다.',
  },
  no_new_direct_customers: {
    title: '새 직접 고객을 추가할 수 없습니다',
    description: '간접 리셀러로 전환한 파트너는 기존 직접 고객을 유지하지만 새 고객은 추가하지 않습니다.',
  },
  not_a_provider: {
    title: '리셀러를 위한 고객은 공급자만 만들 수 있습니다',
    description: '고객을 만들 때 리셀러를 지정하는 것은 간접 공급자만 할 수 있습니다.',
  },
  reseller_required: {
    title: '리셀러를 지정하세요',
    description: '고객을 만드는 공급자는 판매를 맡는 간접 리셀러를 지정해야 합니다.',
  },
  not_your_reseller: {
    title: '당신의 리셀러가 아닙니다',
    description: '지정한 리셀러와 활성 파트너십이 없습니다.',
  },
  not_your_provider: {
    title: '당신의 공급자가 아닙니다',
    description: '공동 초대에는 리셀러와 활성 파트너십을 맺은 공급자를 지정해야 합니다.',
  },
  provider_required: {
    title: '공급자를 지정하세요',
    description: '간접 리셀러는 공급자 중 하나를 위해 고객을 초대하며, 그 공급자를 지정해야 합니다.',
  },
  self_dealing: {
    title: '계열사는 최종 고객이 아닙니다',
    description: '파트너는 자기 자신이나 계열사에 최종 고객으로 판매하지 않습니다.',
  },
  partner_tenant_as_customer: {
    title: '파트너 테넌트는 고객이 아닙니다',
    description: '자체 사용을 위해 구매하는 파트너는 별도의 내부 사용 고객 테넌트에서 구매합니다.',
  },
  reseller_as_provider_customer: {
    title: '리셀러는 같은 테넌트로 자신의 공급자의 고객이 될 수 없습니다',
    description: '다른 테넌트를 사용하거나, 운영자에게 파트너십 종료를 요청하거나, 다른 공급자를 통해 구매하세요.',
  },
  offer_exists: {
    title: '같은 SKU의 오퍼가 있습니다',
    description: '오퍼마다 SKU가 다릅니다. 기존 오퍼를 변경하거나 다른 SKU를 사용하세요.',
  },
  offer_not_available: {
    title: '주문할 수 없는 오퍼입니다',
    description:
      '오퍼가 없거나, 판매가 종료되었거나, 고객의 시장과 통화로 된 가격이 없습니다. 고객 국가의 GET /v1/offers?country= 에서 주문하세요.',
  },
  customer_agreement_required: {
    title: '고객 계약이 수락되지 않았습니다',
    description:
      '주문하기 전에 고객의 전역 관리자가 Trellis에서 고객 계약을 수락하거나, 파트너가 고객의 서명을 증명해야 합니다(POST /v1/customers/{id}/customer-agreement/attestations).',
  },
  direct_bill_only_offer: {
    title: '직접 청구 고객 전용입니다',
    description: '예약과 영구 소프트웨어는 직접 청구 파트너가 자신의 직접 고객을 위해 주문합니다.',
  },
  ordered_by_provider: {
    title: '이 고객의 주문은 공급자가 합니다',
    description:
      '간접 채널로 확보한 고객입니다. 공급자가 귀하를 리셀러로 지정하여 주문하며, 이 고객에게는 직접 청구 구매를 사용하지 않습니다.',
  },
  licenses_managed_by_reseller: {
    title: '이 라이선스는 기록상 리셀러가 관리합니다',
    description:
      '간접 고객의 구독에서는 기록상 리셀러(와 고객의 전역 관리자)가 라이선스를 할당하고 회수합니다. 공급업체는 주문을 합니다.',
  },
  license_quantity_exceeded: {
    title: '모든 라이선스가 할당되었습니다',
    description:
      '구독 수량만큼 라이선스가 할당되어 있습니다. 먼저 다른 사용자의 라이선스를 회수하거나 수량을 늘리세요. 문제에 두 수가 모두 나옵니다.',
  },
  licenses_assigned: {
    title: '새 수량보다 많은 라이선스가 할당되어 있습니다',
    description: '수량은 할당된 라이선스 수보다 낮출 수 없습니다. 문제에 나온 수(toUnassign)만큼 라이선스를 회수한 뒤 줄이세요.',
  },
  subscription_not_active: {
    title: '구독이 활성 상태가 아닙니다',
    description:
      '활성 구독의 라이선스만 할당할 수 있습니다. 일시 중지, 만료, 비활성 또는 삭제된 구독의 라이선스는 회수만 할 수 있습니다.',
  },
  user_disabled: {
    title: '비활성화된 사용자입니다',
    description: '라이선스는 고객의 활성 사용자나 초대된 사용자에게만 할당됩니다. 먼저 사용자를 다시 활성화하세요.',
  },
  reseller_not_of_customer: {
    title: '이 고객과 연결된 리셀러가 아닙니다',
    description: '공급자는 이 고객과의 관계를 맺은 리셀러를 담당 리셀러로 지정합니다(GET /v1/customers/{id}/relationships).',
  },
  direct_bill_required: {
    title: '직접 청구가 활성 상태가 아닙니다',
    description:
      '직접 고객을 위해 주문하려면 활성 직접 청구 기능이 필요합니다. 이 기능이 없는 파트너는 직접 고객을 공급자로 옮깁니다(R-TRN-9).',
  },
  subscriptions_active: {
    title: '활성 구독이 남아 있습니다',
    description:
      '직접 고객에게 청구되는 활성 구독이 있는 동안에는 직접 청구를 포기할 수 없습니다. 구독이 끝난 후 다시 시도하고, 이후 구매를 위해 고객을 공급자로 옮기세요(R-TRN-9).',
  },
  no_customer_admin: {
    title: '수락할 사람이 없습니다',
    description: '고객에게 요청을 수락할 수 있는 활성 전역 관리자가 없습니다.',
  },
  request_pending: {
    title: '대기 중인 요청이 있습니다',
    description: '이 고객에 대한 관계 요청이 이미 대기 중입니다. 새로 만들지 말고 다시 보내세요.',
  },
  request_not_pending: {
    title: '대기 중이 아닙니다',
    description: '관계 요청이 수락되었거나 취소되었거나 만료되었습니다.',
  },
  link_required: {
    title: '링크에서 수락하세요',
    description:
      '이 관계 요청은 테넌트를 지정하지 않고 이메일로 왔습니다. 그 이메일의 링크가 요청이 귀하에게 도착했음을 보여 주므로, 링크를 열어 그곳에서 수락하세요. 테넌트를 지정한 요청은 받은 요청 목록에서도 수락할 수 있습니다.',
  },
  already_with_provider: {
    title: '이미 이 공급자와 관계가 있습니다',
    description: '고객이 이미 이 공급자와 관계를 맺고 있습니다.',
  },
  store_channel_customer: {
    title: '이 고객은 간접 리셀러 초대를 수락할 수 없습니다',
    description: '스토어 채널로 구매한 고객은 공동 초대를 수락할 수 없으며 직접 청구로 유지됩니다.',
  },
  not_a_direct_customer: {
    title: '직접 고객이 아닙니다',
    description: '직접 청구로 확보한 고객만 공급자로 옮길 수 있습니다.',
  },
  domain_taken: {
    title: '사용 중인 도메인입니다',
    description: '다른 테넌트가 이미 이 도메인을 사용하고 있습니다.',
  },
  relationship_exists: {
    title: '관계가 방금 만들어졌습니다',
    description: '다른 요청에 의해 같은 순간에 고객과 파트너 사이에 관계가 맺어졌습니다.',
  },
  relationship_in_use: {
    title: '아직 관계를 종료할 수 없습니다',
    description: '활성 권한 위임이나 공동 관계가 아직 이 관계에 기반하고 있습니다. 먼저 그것들을 종료하세요.',
  },
  bulk_move_finished: {
    title: '이동이 끝났습니다',
    description: '완료되었거나 취소된 일괄 이동은 취소할 수 없습니다.',
  },
  no_admin_role: {
    title: '관리자 역할이 없습니다',
    description: '권한 위임에는 관리자 역할이 적어도 하나 있어야 합니다.',
  },
  unknown_admin_role: {
    title: '알 수 없는 관리자 역할입니다',
    description: '지정한 역할이 운영자의 관리자 역할 목록에 없습니다.',
  },
  grant_duration: {
    title: '권한 위임 기간',
    description: '권한 위임 기간은 1일에서 730일까지입니다.',
  },
  auto_extension_with_global_admin: {
    title: '전역 관리자가 포함되면 자동 연장할 수 없습니다',
    description: '전역 관리자 역할이 포함된 권한 위임은 자동으로 연장되지 않습니다.',
  },
  admin_role_in_use: {
    title: '기본 권한 위임에 포함된 관리자 역할입니다',
    description:
      '기본 권한 위임에 포함되지 않은 역할만 목록에서 뺄 수 있습니다. 먼저 `defaultGrants`에서 빼거나 같은 변경에서 함께 빼세요.',
  },
  grant_not_active: {
    title: '활성 상태가 아닙니다',
    description: '권한 위임이 종료되었거나 만료되었습니다.',
  },
  grant_widening: {
    title: '축소만 가능합니다',
    description: '권한 위임은 그 자리에서 축소할 수 있습니다. 더 넓은 위임은 새 위임 요청으로 요청합니다.',
  },
  grant_request_pending: {
    title: '대기 중인 요청이 있습니다',
    description: '이 고객에 대한 권한 위임 요청이 이미 응답을 기다리고 있습니다.',
  },
  grant_request_not_pending: {
    title: '대기 중이 아닙니다',
    description: '권한 위임 요청이 승인, 거부, 취소되었거나 만료되었습니다.',
  },
  grant_request_not_wider: {
    title: '더 넓은 위임이 아닙니다',
    description: '활성 권한 위임이 이미 요청한 것을 제공합니다. 새 요청은 더 많은 것을 요청해야 합니다.',
  },
  grant_request_basis_ended: {
    title: '파트너가 더 이상 당신과 일하지 않습니다',
    description: '요청의 기반이 된 관계나 파트너십이 종료되었습니다. 위임할 근거가 없습니다.',
  },
  approval_not_within_request: {
    title: '요청한 것보다 많습니다',
    description: '승인은 요청을 축소할 수는 있지만 넓힐 수는 없습니다.',
  },
  change_window_closed: {
    title: '이 변경을 할 수 있는 기간이 지났습니다',
    description:
      '구독은 구매 또는 마지막 갱신 후 7일 이내에만 수량을 줄이거나 취소할 수 있습니다. 기간이 끝난 날짜가 함께 표시됩니다.',
  },
  quantity_out_of_range: {
    title: '수량이 제품의 허용 범위를 벗어났습니다',
    description: '이 제품은 최소 수량과 최대 수량 사이에서만 판매됩니다. 두 값이 함께 표시됩니다.',
  },
  subscription_not_changeable: {
    title: '지금은 이 구독을 변경할 수 없습니다',
    description:
      '활성 구독만 변경할 수 있습니다. 일시 중지된 구독은 다시 활성화할 때만 수량을 바꿀 수 있고, 만료·비활성·삭제된 구독은 읽기 전용입니다.',
  },
  next_term_needs_renewal: {
    title: '다음 기간의 변경에는 자동 갱신이 필요합니다',
    description: '다음 기간의 수량을 예약하려면 자동 갱신을 켜세요.',
  },
  price_entry_exists: {
    title: '가격표에 이미 같은 규칙이 있습니다',
    description:
      '가격표에는 제품(또는 모든 제품), 구매자 또는 그룹(또는 모두), 그리고 고정 가격의 경우 통화마다 규칙이 하나만 있습니다. 새로 추가하지 말고 기존 규칙을 변경하세요.',
  },
  credit_limit_exceeded: {
    title: '리셀러의 신용 한도를 넘습니다',
    description:
      '이 주문은 공급자에 대한 리셀러의 미결제 잔액을 공급자가 정한 신용 한도 이상으로 늘리며, 공급자는 이런 주문을 거절하도록 설정했습니다. 공급자가 한도를 올리거나 리셀러가 먼저 미지급금을 결제해야 합니다(R-CRD-1).',
  },
  order_not_held: {
    title: '보류된 주문이 아닙니다',
    description: '승인 대기로 보류된 주문(리셀러의 신용 한도 초과, R-CRD-1)만 한 번 승인하거나 거부할 수 있습니다.',
  },
};
