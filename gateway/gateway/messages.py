"""The error table: every stable error code, its HTTP status and its words (Chinese first, English second)."""

#: code: (HTTP status, 中文, English)
ERRORS = {
    "INVALID_CREDENTIALS": (401, "用户名或密码错误!", "Wrong user name or password."),
    "NOT_AUTHENTICATED": (401, "请先登录", "Please log in first."),
    "TOKEN_EXPIRED": (401, "登录已过期，请重新登录", "Your session has expired; please log in again."),
    "INVALID_WORKER_CREDENTIALS": (401, "证件号码或密码错误！首次登录请先用激活码激活账号",
                                   "Wrong ID number or password. The first time, activate your account with "
                                   "your activation code."),
    "INVALID_ACTIVATION_CODE": (422, "激活码无效或已过期，请向用人单位重新获取",
                                "The activation code is not valid or has expired; ask your employer for a new "
                                "one."),
    "TOO_MANY_ATTEMPTS": (429, "失败次数过多，请{retry_after_minutes}分钟后再试",
                          "Too many failed attempts; try again in {retry_after_minutes} minutes."),
    "FORBIDDEN": (403, "无权访问该数据", "You are not allowed to access this data."),
    "NOT_FOUND": (404, "资源不存在", "Not found."),
    "PERSON_NOT_FOUND": (404, "未找到该证件号码的实名信息，请先进行实名登记",
                         "No real-name record has this ID number; register the person first."),
    "INVALID_INPUT": (422, "输入有误，请检查标红的内容", "Some input is not valid; check the marked fields."),
    "INVALID_ID_DOCUMENT": (
        422, "证件信息有误，请检查标红的内容", "The ID document data is not valid; check the marked fields."
    ),
    "VERIFIED_FIELD_LOCKED": (409, "已核验的证件信息不能修改", "Verified ID document data cannot be changed."),
    # 聘用 and 进场 both refuse a number without a record: the words name what each form offers
    "PERSON_NOT_REGISTERED": (
        404, "该人员尚未实名登记，请先进行实名登记（进场时可使用非正常登记）",
        "This person has no real-name record; register them first (at a site entry, use the unregistered entry "
        "form)."
    ),
    "ALREADY_ON_SITE": (409, "该人员已在本工地进场，不能重复登记", "This person is already on this site."),
    "TEAM_LEADER_NEEDS_PHONE": (422, "劳务队长必须填写手机号", "A team leader must have a phone number."),
    "UNKNOWN_ENTERPRISE": (422, "用人单位不存在", "No such enterprise."),
    "UNKNOWN_TEAM_LEADER": (422, "所选劳务队长不在本工地", "The chosen team leader is not on this site."),
    "TEAM_LEADER_HAS_MEMBERS": (
        409, "该劳务队长仍带有在场人员，请先为他们更换劳务队长",
        "This team leader still leads people on the site; give them another team leader first."
    ),
    "PERSON_ALREADY_REGISTERED": (
        409, "该证件号码已有实名信息，请核对已登记的信息后使用已登记信息进场",
        "This ID number is already registered; check the record on file and enter with it."
    ),
    "INVALID_ENTRY": (422, "进退场信息有误，请检查标红的内容", "Some entry data is not valid; check the marked fields."),
    "ENTRY_NOT_FOUND": (404, "未找到该进场记录", "No such entry record."),
    "PROJECT_NOT_FOUND": (404, "项目不存在", "No such project."),
    "TEAM_NOT_FOUND": (404, "未找到该班组", "No such team."),
    "PROJECT_REQUIRED": (422, "请指定项目", "Choose a project."),
    "EXPORT_TOO_LARGE": (422, "符合条件的记录有 {count} 条，超过导出上限 {cap} 条，请缩小查询范围后再导出",
                         "{count} records match, more than the {cap} an export can hold; narrow the search and "
                         "export again."),
    "INVALID_CREDIT_CODE": (422, "统一社会信用代码有误", "The unified social credit code is not valid."),
    "ENTERPRISE_ALREADY_REGISTERED": (409, "该统一社会信用代码的企业已登记", "An enterprise with this credit code is registered."),
    "ENTERPRISE_NOT_FOUND": (404, "企业不存在", "No such enterprise."),
    "PROJECT_ALREADY_REGISTERED": (409, "该报建编号的项目已存在", "A project with this registration number exists."),
    # 管理人员登记 (manual 004 §4.1) and a person's documents
    "INVALID_MANAGER_PROFILE": (422, "管理人员信息有误，请检查标红的内容",
                                "Some of the manager's details are not valid; check the marked fields."),
    "PERSON_DOCUMENT_NOT_FOUND": (404, "未找到该文件", "No such file."),
    "PERSON_DOCUMENT_TYPE_NOT_ALLOWED": (
        422, "文件类型不符：人员相片只能上传JPG或PNG图片，附件和社保缴费证明只能上传JPG、PNG图片或PDF文件",
        "This type of file is not accepted: a photo must be a JPG or PNG image; attachments and social insurance "
        "proofs must be JPG or PNG images or PDF files."),
    "PERSON_DOCUMENT_TOO_LARGE": (413, "文件不能超过10MB", "A file can be at most 10 MB."),
    "SERVICE_UNAVAILABLE": (503, "服务暂时不可用，请稍后再试", "A service is not available; please try again later."),
    "DATABASE_UNAVAILABLE": (503, "数据库暂时不可用，请稍后再试", "A database is not available; please try again later."),
    "BROKER_UNAVAILABLE": (503, "消息服务暂时不可用，请稍后再试",
                           "The message broker is not available; please try again later."),
    "INVALID_IDEMPOTENCY_KEY": (400, "幂等键（Idempotency-Key）格式不正确，最长{max_length}个可打印ASCII字符",
                                "The Idempotency-Key must be 1 to {max_length} printable ASCII characters."),
    "IDEMPOTENCY_KEY_REUSED": (422, "该幂等键（Idempotency-Key）已用于另一个请求，请作为新的提交重新发送",
                               "This Idempotency-Key was used for a different request; send it as a new submission."),
    "IDEMPOTENCY_KEY_IN_FLIGHT": (409, "相同的提交仍在处理中，请稍候再试",
                                  "The same submission is still being processed; wait a moment and try again."),
    # 聘用管理
    "NAME_MISMATCH": (422, "姓名与实名信息不一致，请核对姓名", "The name does not match the real-name record; check it."),
    "EMPLOYED_ELSEWHERE": (409, "该人员在{employer_name}尚未离职，请先在原单位申请离职，原单位同意后方可聘用",
                           "This person is still employed by {employer_name}: they apply to resign there first, and "
                           "may be hired once that employer approves."),
    "MANAGER_REGISTERED_ELSEWHERE": (409, "该管理人员已在{employer_name}登记，需原单位办理离职迁出后方可在本单位登记",
                                     "This manager is registered with {employer_name}; that enterprise must transfer "
                                     "them out before they can be registered here."),
    "ALREADY_EMPLOYED_HERE": (409, "该人员已在本单位在职", "This person is already employed here."),
    "EMPLOYMENT_ALREADY_REQUESTED": (409, "已向该人员发起聘用，请等待其确认",
                                     "A request to employ this person is waiting for their answer."),
    "MANAGER_STILL_ON_SITE": (409, "该管理员尚未从以下项目退场：{project_names}，请先办理退场",
                              "This manager has not exited these projects: {project_names}; register the exits "
                              "first."),
    "EMPLOYMENT_NOT_FOUND": (404, "聘用关系不存在", "No such employment relation."),
    "EMPLOYMENT_ACTION_NOT_ALLOWED": (409, "该聘用关系当前的状态下不能进行此操作，请刷新后重试",
                                      "This cannot be done to the employment relation in its present state; reload "
                                      "and try again."),
    "REASON_REQUIRED": (422, "请填写原因", "Give a reason."),
    "IMPORT_NOT_FOUND": (404, "未找到该导入记录", "No such import."),
    "IMPORT_NOT_FINISHED": (409, "导入尚未完成，完成后再下载结果", "The import has not finished; download its report when it has."),
    # worker profiles (基本信息登记), teams (班组), labour contracts (劳动合同)
    "NOT_AN_EMPLOYEE": (409, "该人员不是本单位在职人员：只能为已确认聘用的在职人员登记信息、安排班组和签订合同",
                        "This person is not employed here now: profiles, teams and contracts are for confirmed "
                        "employees."),
    "PROFILE_NOT_FOUND": (404, "该人员尚未登记基本信息", "This employee has no profile yet."),
    "INVALID_PROFILE": (422, "人员信息有误，请检查标红的内容", "Some profile data is not valid; check the marked fields."),
    "TEAM_NAME_TAKEN": (409, "本单位已有同名班组", "Your enterprise already has a team of this name."),
    "TEAM_NOT_EMPTY": (409, "班组内还有 {member_count} 名人员，请先将他们移出班组后再解散",
                       "The team still has {member_count} members; move them out before dissolving it."),
    "INVALID_TEAM": (422, "班组信息有误，请检查标红的内容", "Some team data is not valid; check the marked fields."),
    "CONTRACT_NOT_FOUND": (404, "合同不存在", "No such contract."),
    "INVALID_CONTRACT": (422, "合同信息有误，请检查标红的内容", "Some contract data is not valid; check the marked fields."),
    "DOCUMENT_NOT_FOUND": (404, "合同资料不存在", "No such contract document."),
    "DOCUMENT_REFUSED": (422, "上传的文件不符合要求", "The uploaded file cannot be accepted."),
    # 关键岗位 (manual 003 §4)
    "KEY_POSITION_TAKEN": (409, "该岗位已有在岗人员，需原人员退场后才能登记新的人员",
                           "This position already has its person; they must exit before another is registered."),
    "KEY_POSITION_NOT_PENDING": (409, "该登记当前状态不能进行此操作，请刷新后查看",
                                 "This registration's state does not allow that; reload to see it."),
    "CERTIFICATE_REQUIRED": (422, "请上传资质证书", "Upload the certificate of qualification."),
    "KEY_POSITION_NOT_FOUND": (404, "未找到该关键岗位登记", "No such key position registration."),
    "INVALID_KEY_POSITION": (422, "关键岗位信息有误，请检查标红的内容",
                             "Some key position data is not valid; check the marked fields."),
    "KEY_POSITION_ALREADY_REGISTERED": (409, "该人员已登记在该岗位，不能重复登记",
                                        "This person is already registered in this position."),
    # 人员分配 and 分配人员确认
    "NO_CONTRACT_SECTION": (409, "本单位在该项目没有已报送且履行中的合同，不能分配人员",
                            "Your enterprise holds no reported contract section in force on this project, so it "
                            "cannot assign people to it."),
    "NOT_EMPLOYED_HERE": (409, "以下人员不是本单位在职人员，不能分配：请检查标红的人员",
                          "Some of these people are not employed here now and cannot be assigned; see the marked "
                          "people."),
    "ALREADY_ASSIGNED": (409, "以下人员已分配到该项目，不能重复分配：请检查标红的人员",
                         "Some of these people are already assigned to this project; see the marked people."),
    "ASSIGNMENT_NOT_PENDING": (409, "该分配已处理，请刷新后重试",
                               "This assignment has already been decided; reload and try again."),
    "ASSIGNMENT_NOT_OPEN": (409, "该分配已拒绝或已退出项目", "This assignment was rejected or has already ended."),
    "ASSIGNMENT_NOT_FOUND": (404, "未找到该分配记录", "No such assignment."),
    "NOT_CONFIRMING_UNIT": (403, "只能确认本单位直接分包单位分配的人员",
                            "You can confirm only what your own direct subcontractors assigned."),
    "UNEXPECTED_ERROR": (500, "系统内部错误，请联系管理员", "Unexpected error; please contact the administrator."),
    # issue 9, the gate (siteaccess_svc)
    "ASSIGNMENT_NOT_CONFIRMED": (409, "该人员在本项目没有已确认的人员分配，不能进场",
                                 "This person has no confirmed assignment on this project and cannot enter."),
    "CODE_EXPIRED": (422, "建设码已过期，请工人刷新后重新出示", "The code has expired; ask the worker to show a fresh one."),
    "CODE_INVALID": (422, "无效的建设码", "Not a valid personal code."),
    "NOT_GENERAL_CONTRACTOR": (403, "只有施工总包的项目人员可以办理进场",
                               "Only the general contractor's site users admit people."),
    # issue 10, attendance (attendance_svc): 考勤设备, the signed device API, clocking, 发卡
    "DEVICE_NOT_FOUND": (404, "未找到该考勤设备", "No such attendance device."),
    "DEVICE_SERIAL_TAKEN": (409, "该设备序列号已登记，请勿重复登记", "A device with this serial number is already registered."),
    "DEVICE_UNKNOWN": (401, "设备未登记或已停用", "This device is not registered or has been retired."),
    "DEVICE_SIGNATURE_INVALID": (401, "设备签名校验失败，请检查设备密钥", "The device's signature does not match; check its secret."),
    "DEVICE_REQUEST_STALE": (401, "设备请求时间与平台时间相差超过5分钟，请校准设备时钟",
                             "The device's request time is more than 5 minutes from the platform's; set the device's clock."),
    "DEVICE_REQUEST_REPLAYED": (401, "重复的设备请求已拒绝", "A device request sent again was refused."),
    "DEVICE_REQUEST_UNKNOWN": (404, "设备接口不存在", "The device API has no such request."),
    "NOT_ON_SITE": (409, "该人员不在本项目场内（未进场或已退场），不能考勤或发卡",
                    "This person is not on this site (not entered, or exited): no clocking and no card."),
    "PERSON_NOT_ON_PROJECT": (404, "该人员不在本项目场内，也没有待进场的确认分配，不能采集人脸",
                              "This person is neither on this site nor confirmed on this project: no face is taken."),
    "CARD_NUMBER_TAKEN": (409, "该考勤卡号已发给本项目的其他人员", "This card number is held by another person on this project."),
    "CARD_NOT_FOUND": (404, "该人员在本项目没有考勤卡", "This person holds no attendance card on this project."),
    "UNKNOWN_CARD": (422, "未知的考勤卡：本项目没有发放该卡号", "Unknown card: this project issued no such card number."),
    "UNKNOWN_CODE": (422, "无效或已过期的建设码", "The personal code is not valid or had expired."),
    "REPEATED": (409, "重复打卡：与上一次考勤间隔过短，记为同一次", "Clocked again too soon: counted as the same clock."),
    # a device command's last error: the device's count of people disagreed with the platform's after delivery
    "READ_BACK_MISMATCH": (409, "设备回读人数与平台不一致，已重新下发全部人员",
                           "The device's count of people disagrees with the platform's; everyone is sent again."),
    # a Hikvision terminal's command failed (the platform calls its ISAPI): it could not be reached, or refused the
    # username or password given at 登记设备 / 修改连接
    "DEVICE_UNREACHABLE": (503, "平台无法连接该设备的地址，稍后自动重试；请检查设备地址与网络",
                           "The platform could not reach the device's address; it tries again shortly. Check the "
                           "address and the network."),
    "ISAPI_UNAUTHORIZED": (409, "设备拒绝了用户名或密码，请在“修改连接”中更正",
                           "The device refused the username or password; correct them at Edit connection."),
    # 对账 read from a Hikvision terminal itself
    "DEVICE_NOT_CONNECTED": (409, "该设备未配置设备地址，平台无法读取其记录；请粘贴设备导出的记录",
                             "The platform has no address for this device, so it cannot read its records; paste "
                             "the records exported from the device."),
    "DEVICE_HISTORY_UNSUPPORTED": (409, "该设备不支持读取历史记录，请粘贴设备导出的记录",
                                   "This device does not hand over its history; paste the records exported from "
                                   "it."),
    "DEVICE_REFUSED": (502, "设备拒绝了平台的请求，请稍后重试",
                       "The device refused the platform's request; try again later."),
    # 补卡 (attendance_svc): an application approved or rejected by another site user of the project
    "CORRECTION_NOT_FOUND": (404, "未找到该补卡申请", "No such attendance correction."),
    "CORRECTION_DECIDED": (409, "该补卡申请已审批，不能重复审批", "This correction was approved or rejected already."),
    "PHOTO_NOT_FOUND": (404, "该考勤记录没有保存照片", "No photo was kept of this clock record."),
    "CORRECTION_OWN_APPLICATION": (403, "不能审批自己提交的补卡申请，请由本项目其他现场用户审批",
                                   "You cannot decide your own correction; another site user of the project does."),
    # what HTTP itself refuses, before any rule of ours is asked (HTTP_STATUS_CODES below)
    "BAD_REQUEST": (400, "请求格式不正确", "The request is malformed."),
    "METHOD_NOT_ALLOWED": (405, "不支持该操作", "This method is not allowed here."),
    "NOT_ACCEPTABLE": (406, "无法提供所请求的格式", "The requested format cannot be provided."),
    "REQUEST_TIMEOUT": (408, "请求超时，请重试", "The request took too long; please try again."),
    "CONFLICT": (409, "与现有数据冲突", "This conflicts with existing data."),
    "GONE": (410, "该资源已不存在", "This is no longer available."),
    "LENGTH_REQUIRED": (411, "请求缺少长度信息", "The request must state its length."),
    "PRECONDITION_FAILED": (412, "数据已被修改，请刷新后重试", "The data has changed; reload and try again."),
    "PAYLOAD_TOO_LARGE": (413, "提交的内容过大", "What was sent is too large."),
    "URI_TOO_LONG": (414, "请求地址过长", "The request address is too long."),
    "UNSUPPORTED_MEDIA_TYPE": (415, "不支持的内容格式", "This content type is not supported."),
    "RANGE_NOT_SATISFIABLE": (416, "请求的范围无效", "The requested range cannot be served."),
    "EXPECTATION_FAILED": (417, "无法满足请求的要求", "The request's expectation cannot be met."),
    "IM_A_TEAPOT": (418, "无法处理该请求", "This request cannot be handled."),
    "MISDIRECTED_REQUEST": (421, "请求发送到了错误的服务器", "The request reached the wrong server."),
    "LOCKED": (423, "该资源已锁定", "This is locked."),
    "FAILED_DEPENDENCY": (424, "依赖的操作失败", "An operation this depends on failed."),
    "PRECONDITION_REQUIRED": (428, "请求缺少前提条件", "The request must be conditional."),
    "TOO_MANY_REQUESTS": (429, "请求过于频繁，请稍后再试", "Too many requests; please wait and try again."),
    "REQUEST_HEADERS_TOO_LARGE": (431, "请求头过大", "The request headers are too large."),
    "UNAVAILABLE_FOR_LEGAL_REASONS": (451, "因法律原因无法提供", "Not available for legal reasons."),
    "NOT_IMPLEMENTED": (501, "该功能尚未提供", "This is not implemented."),
    "BAD_GATEWAY": (502, "上游服务出错，请稍后再试", "A service behind the gateway failed; please try again later."),
    "GATEWAY_TIMEOUT": (504, "服务响应超时，请稍后再试", "A service did not answer in time; please try again later."),
    "HTTP_VERSION_NOT_SUPPORTED": (505, "不支持该HTTP版本", "This HTTP version is not supported."),
    # 项目申报 and its review, 参建单位 and 合同标段 (issue 9)
    "DECLARATION_INCOMPLETE": (422, "资料不全，请补全标红的内容后提交", "The declaration is incomplete; fill in the "
                               "marked fields and submit it again."),
    "PROJECT_NOT_PENDING_REVIEW": (409, "该项目不是待审核状态", "This project is not pending review."),
    "PROJECT_NOT_REJECTED": (409, "只有审核不通过的申报可以修改后重新提交",
                             "Only a rejected declaration can be corrected and resubmitted."),
    "PROJECT_NOT_IN_PROGRESS": (409, "该项目不是在建状态", "This project is not in progress."),
    "PROJECT_NOT_SUSPENDED": (409, "该项目不是停工状态", "This project is not suspended."),
    "PROJECT_NOT_ACTIVE": (409, "该项目不是在建或停工状态", "This project is neither in progress nor suspended."),
    "NOT_PARTICIPANT": (403, "本单位不是该项目的参建单位", "Your enterprise takes no part in this project."),
    "PARTICIPANT_ALREADY_ADDED": (409, "该单位已是本项目的此类参建单位",
                                  "This enterprise already takes part in the project in this role."),
    "PARTICIPANT_ROLE_NOT_ALLOWED": (422, "本单位不能添加该类型的参建单位",
                                     "Your enterprise may not take on a unit of this type."),
    "REPORT_NUMBER_TAKEN": (409, "该合同信息报送编号已报送", "This contract report number is already reported."),
    "ACCOUNT_ALREADY_RECEIVED": (409, "项目账号密码已接收，密码只显示一次；如遗忘请联系主管部门重置",
                                 "The project account was already received; its password is shown once. Ask the "
                                 "authority to reset it if it is lost."),
    # 合同标段's 项目负责人 account and the 劳务员 / 现场用户 it authorises (现场用户授权)
    "SECTION_NOT_FOUND": (404, "该项目没有这个合同标段", "The project has no such contract section."),
    "SECTION_HAS_NO_MANAGER": (409, "该合同标段报送时未填写项目负责人，没有项目负责人账号",
                               "The contract section was reported without a project manager, so it has no "
                               "manager's account."),
    "NOT_PROJECT_MANAGER": (403, "只有项目负责人可以授权现场用户；已获授权的劳务员、现场用户不能再授权他人",
                            "Only a project manager authorises site users; an authorised labour clerk or site user "
                            "cannot authorise others."),
    "AUTHORISATION_NOT_FOUND": (404, "未找到您授权的该用户", "You authorised no such user."),
    "AUTHORISATION_ALREADY_REVOKED": (409, "该用户的授权已撤销", "This user's authorisation is already revoked."),
    "AUTHORISATION_REVOKED": (401, "项目负责人已撤销您的授权，请联系项目负责人",
                              "The project manager revoked your authorisation; ask the project manager."),
    # 项目人员绑定 and its review (issue 9, binding)
    "BINDING_NOT_APPROVED": (409, "该人员的项目人员绑定尚未经实施单位审核通过，不能进场",
                             "This person's binding to the project is not approved by the implementing unit; "
                             "they cannot enter."),
    "BINDING_NOT_SUBMITTABLE": (409, "该人员的绑定申请已提交或已审核通过，不能重复提交",
                                "This person's binding request is already submitted or approved."),
    "BINDING_NOT_PENDING": (409, "该绑定申请不是实施单位待审核状态，请刷新后查看",
                            "This binding request is not awaiting review; reload and look again."),
    "BINDING_NOT_FOUND": (404, "未找到该绑定申请", "No such binding request."),
    "FACE_NOT_VERIFIED": (409, "该人员尚未完成人脸识别认证，不能提交绑定申请",
                          "This person has not completed face recognition; the binding cannot be submitted."),
    "NOT_IMPLEMENTING_UNIT": (403, "只有本项目的实施单位可以审核项目人员绑定",
                              "Only the project's implementing unit reviews its bindings."),
    # 自助登记人员 办理
    "SELF_REGISTRATION_NOT_FOUND": (404, "未找到该自助登记人员", "No such self-registration."),
    "SELF_REGISTRATION_ALREADY_HANDLED": (409, "该自助登记人员已办理，请刷新后查看",
                                          "This self-registration is already handled; reload and look again."),
    "NOT_SELF_REGISTRATION_UNIT": (403, "只有登记人员选择的单位可以办理该自助登记",
                                   "Only the unit the worker chose on the form handles this self-registration."),
    # 人脸采集 and identification (identity_svc.faces): each rule's refusal names the rule
    "FACE_IMAGE_INVALID": (422, "照片无法识别：请上传不超过4MB的JPG或PNG图片",
                           "The photo cannot be read: upload a JPG or PNG image of at most 4 MB."),
    "FACE_NOT_FOUND": (422, "照片中未检测到人脸，请正对镜头重新拍摄",
                       "No face was found in the photo; take it again facing the camera."),
    "FACE_MULTIPLE": (422, "照片中有多张人脸，请只拍摄本人",
                      "There is more than one face in the photo; photograph the person alone."),
    "FACE_TOO_SMALL": (422, "人脸太小，请靠近镜头，使面部占照片高度的五分之一以上",
                       "The face is too small; come closer so that it fills at least a fifth of the photo's height."),
    "FACE_NOT_FRONTAL": (422, "人脸不是正面，请正对镜头、不要侧脸、低头或仰头",
                         "The face is not frontal; look straight at the camera without turning, lowering or raising the head."),
    "FACE_BLURRED": (422, "照片模糊，请保持稳定、对焦后重新拍摄",
                     "The photo is blurred; hold still and focus before taking it again."),
    "FACE_TOO_DARK": (422, "照片太暗，请在光线充足处重新拍摄",
                      "The photo is too dark; take it again in good light."),
    "FACE_TOO_BRIGHT": (422, "照片过亮，请避免强光直射后重新拍摄",
                        "The photo is too bright; avoid strong direct light and take it again."),
    "FACE_NOT_LIVE": (422, "活体检测未通过，请本人正对镜头拍摄，不要使用照片或屏幕翻拍",
                      "The liveness check failed: the person must face the camera themselves, not a photo or a screen."),
    "UNKNOWN_FACE": (422, "未能识别此人脸，请确认已采集人脸或重新拍摄",
                     "The face was not recognised; check that the person's face is enrolled, or take the photo again."),
    "FACE_SUBMISSION_NOT_FOUND": (404, "未找到该人脸照片", "No such face photo."),
    "FACE_SUBMISSION_DECIDED": (409, "该人脸照片已审核，请刷新后查看",
                                "This face photo has been decided already; reload and look again."),
    "FACE_NOT_ENROLLED": (404, "此人尚未采集人脸，请先采集", "This person has no face enrolled; enrol the face first."),
    "FACE_PHOTO_NOT_KEPT": (409, "未保存此人的人脸照片，无法下发到需要照片的考勤机；请开启人脸照片保存后重新采集",
                            "The face photo is not kept, so it cannot go to a terminal that needs the photo; keep "
                            "face photos and enrol the face again."),
    "FACE_PHOTO_UNAVAILABLE": (503, "暂时无法取得人脸照片，稍后自动重试",
                               "The face photo could not be fetched just now; it is tried again shortly."),
    "FACE_ENGINE_UNAVAILABLE": (503, "人脸识别服务暂不可用，请联系管理员安装人脸模型",
                                "Face recognition is not available; ask the administrator to install the face models."),
}

#: HTTP status: the code a refusal by HTTP itself (werkzeug's exceptions) answers with
HTTP_STATUS_CODES = {
    400: "BAD_REQUEST", 401: "NOT_AUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE", 408: "REQUEST_TIMEOUT", 409: "CONFLICT", 410: "GONE", 411: "LENGTH_REQUIRED",
    412: "PRECONDITION_FAILED", 413: "PAYLOAD_TOO_LARGE", 414: "URI_TOO_LONG", 415: "UNSUPPORTED_MEDIA_TYPE",
    416: "RANGE_NOT_SATISFIABLE", 417: "EXPECTATION_FAILED", 418: "IM_A_TEAPOT", 421: "MISDIRECTED_REQUEST",
    422: "INVALID_INPUT", 423: "LOCKED", 424: "FAILED_DEPENDENCY", 428: "PRECONDITION_REQUIRED",
    429: "TOO_MANY_REQUESTS", 431: "REQUEST_HEADERS_TOO_LARGE", 451: "UNAVAILABLE_FOR_LEGAL_REASONS",
    500: "UNEXPECTED_ERROR", 501: "NOT_IMPLEMENTED", 502: "BAD_GATEWAY", 503: "SERVICE_UNAVAILABLE",
    504: "GATEWAY_TIMEOUT", 505: "HTTP_VERSION_NOT_SUPPORTED",
}


def http_status_code(status: int) -> str:
    """The table's code for an HTTP status; a status the table lacks reads as the nearest it has."""
    return HTTP_STATUS_CODES.get(status) or ("BAD_REQUEST" if status < 500 else "UNEXPECTED_ERROR")

#: field problem code: (中文, English)
FIELD_PROBLEMS = {
    "REQUIRED": ("必填项", "Required"),
    "DEVICE_SERIAL_TAKEN": ("该序列号已登记", "This serial number is registered"),
    "NOT_HIKVISION": ("只有海康设备可填写设备地址", "Only a Hikvision terminal takes an address"),
    "CARD_NUMBER_TAKEN": ("该卡号已发给他人", "Held by another person"),
    "NOT_ON_SITE": ("不在本项目场内", "Not on this site"),
    "BEFORE_ENTRY": ("早于该人员进场日期", "Before the person's entry date"),
    "PROJECT_NOT_FOUND": ("项目不存在", "No such project"),
    "INVALID": ("格式不正确", "Not valid"),
    "INVALID_DATE": ("日期格式不正确（YYYY-MM-DD）", "Not a valid date (YYYY-MM-DD)"),
    "INVALID_NUMBER": ("应为数字", "Must be a number"),
    "INVALID_TEXT": ("应为文字", "Must be text"),
    "NOT_ALLOWED": ("不在可选范围内", "Not one of the allowed values"),
    "TOO_LONG": ("内容过长", "Too long"),
    "TOO_SHORT": ("内容过短", "Too short"),
    "OUT_OF_RANGE": ("超出范围", "Out of range"),
    "UNKNOWN_FIELD": ("未知字段", "Unknown field"),
    "UNKNOWN_ID_TYPE": ("未知的证件类型", "Unknown ID document type"),
    "UNKNOWN_GENDER": ("未知的性别", "Unknown gender"),
    "UNKNOWN_ETHNICITY": ("未知的民族", "Unknown ethnicity"),
    "ID_NUMBER_LENGTH": ("身份证号码应为18位", "A resident ID number has 18 characters"),
    "ID_NUMBER_FORMAT": ("证件号码格式不正确", "The ID number has characters it cannot have"),
    "NOT_EMPLOYED_HERE": ("不是本单位在职人员", "Not employed here now"),
    "ALREADY_ASSIGNED": ("已分配到该项目", "Already assigned to this project"),
    "DUPLICATE": ("重复选择", "Chosen twice"),
    "NO_CONTRACT_SECTION": ("本单位在该项目没有履行中的合同", "No contract section in force here"),
    "NOT_CONFIRMING_UNIT": ("不是本单位分包单位分配的人员", "Not assigned by your own subcontractor"),
    "ASSIGNMENT_NOT_PENDING": ("已处理", "Already decided"),
    "ASSIGNMENT_NOT_FOUND": ("分配记录不存在", "No such assignment"),
    "ID_NUMBER_BIRTH_DATE": ("身份证号码中的出生日期不存在", "The birth date inside the ID number does not exist"),
    "ID_NUMBER_REGION": ("身份证号码中的地区码不存在", "The region code inside the ID number does not exist"),
    "ID_NUMBER_CHECK_DIGIT": ("身份证号码校验位错误", "The check digit of the ID number is wrong"),
    "ID_NUMBER_IS_RESIDENCE_PERMIT": ("这是港澳台居民居住证号码，请将证件类型选为港澳台居民居住证",
                                      "This is the number of a residence permit for Hong Kong, Macao and Taiwan "
                                      "residents; choose that document type"),
    "ID_NUMBER_IS_FOREIGNER_CARD": ("这是外国人永久居留身份证号码，请将证件类型选为外国人永久居留身份证",
                                    "This is the number of a foreign permanent resident ID card; choose that "
                                    "document type"),
    "RESIDENCE_PERMIT_REGION": ("港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头",
                                "A residence permit number begins with 810000 (Hong Kong), 820000 (Macao) or "
                                "830000 (Taiwan)"),
    "FOREIGNER_CARD_NUMBER_FORMAT": ("外国人永久居留身份证号码应为以9开头的18位号码，或3位字母加12位数字的旧号码",
                                     "A foreign permanent resident ID number has 18 characters beginning with 9, "
                                     "or (older cards) 3 letters and 12 digits"),
    "DISABILITY_CARD_NUMBER_FORMAT": ("残疾人证号码应为20位：18位身份证号码加残疾类别（1-7）和等级（1-4）",
                                      "A disability card number has 20 characters: the resident ID number, the "
                                      "category (1-7) and the grade (1-4)"),
    "HKID_FORMAT": ("香港身份证号码应为1至2个字母、6位数字和括号内的校验码，如A123456(3)",
                    "A Hong Kong identity card number is 1 or 2 letters, 6 digits and a check character, "
                    "like A123456(3)"),
    "HKID_CHECK_DIGIT": ("香港身份证号码括号内的校验码错误", "The check character of the Hong Kong identity card "
                                                            "number is wrong"),
    "PASSPORT_NUMBER_FORMAT": ("护照号码应为5至9位字母和数字，如E12345678、EA1234567",
                               "A passport number has 5 to 9 letters and digits, like E12345678 or EA1234567"),
    "HK_MACAO_PERMIT_NUMBER_FORMAT": ("港澳居民来往内地通行证号码应为H或M加8位数字，如H12345678",
                                      "A Mainland travel permit number for Hong Kong and Macao residents is H or M "
                                      "and 8 digits, like H12345678"),
    "EXIT_ENTRY_PERMIT_NUMBER_FORMAT": ("往来港澳通行证号码应为C加8位（如C12345678）或W加8位数字",
                                        "An exit-entry permit number is C and 8 characters (like C12345678) or W "
                                        "and 8 digits"),
    "TAIWAN_PERMIT_NUMBER_FORMAT": ("台湾居民来往大陆通行证号码应为8位数字",
                                    "A Mainland travel permit number for Taiwan residents has 8 digits"),
    "TRAVEL_PERMIT_TO_TAIWAN_NUMBER_FORMAT": ("大陆居民往来台湾通行证号码应为L或T加8位数字",
                                              "A travel permit to Taiwan number is L or T and 8 digits"),
    "MILITARY_DOCUMENT_NUMBER_FORMAT": ("证件号码应为4至30位数字、字母或汉字",
                                        "The number has 4 to 30 digits, letters or Chinese characters"),
    "DOCUMENT_NUMBER_FORMAT": ("证件号码应为4至30位数字或字母", "The number has 4 to 30 digits or letters"),
    "ID_FRAGMENT_TOO_SHORT": ("按证件号码查询至少输入4位（前6位以上或后4位以上）",
                              "Type at least 4 characters of an ID number (its first 6 or more, or its last 4 "
                              "or more)"),
    "ID_FRAGMENT_TOO_BROAD": ("符合该号码片段的人员过多，请多输入几位",
                              "Too many people match this part of an ID number; type more of it"),
    "GENDER_MISMATCH": ("性别与身份证号码不符", "Gender does not match the ID number"),
    "BIRTH_DATE_MISMATCH": ("出生日期与身份证号码不符", "Birth date does not match the ID number"),
    "DATE_IN_FUTURE": ("日期不能晚于今天", "The date cannot be in the future"),
    "VALIDITY_ENDS_BEFORE_START": ("有效期限的截止日期早于起始日期", "The validity ends before it starts"),
    "PHONE_FORMAT": ("手机号格式不正确", "Not a valid phone number"),
    "PASSWORD_TOO_SHORT": ("密码至少8位", "A password has at least 8 characters"),
    "PASSWORD_ALL_DIGITS": ("密码不能全是数字", "A password cannot be digits only"),
    "VERIFIED_FIELD_LOCKED": ("已核验，不能修改", "Verified; cannot be changed"),
    "CREDIT_CODE_LENGTH": ("统一社会信用代码应为18位", "A credit code has 18 characters"),
    "CREDIT_CODE_FORMAT": ("统一社会信用代码格式不正确", "The credit code has characters it cannot have"),
    "CREDIT_CODE_CHECK_DIGIT": ("统一社会信用代码校验位错误", "The check character of the credit code is wrong"),
    "ENTERPRISE_ALREADY_REGISTERED": ("该企业已登记", "Already registered"),
    "PROJECT_ALREADY_REGISTERED": ("该报建编号已存在", "This registration number exists"),
    "UNKNOWN_ENTERPRISE": ("企业不存在", "No such enterprise"),
    "UNKNOWN_TEAM_LEADER": ("不是本工地在场的劳务队长", "Not a team leader on this site"),
    "TEAM_LEADER_NEEDS_PHONE": ("劳务队长必须填写手机号", "A team leader must have a phone number"),
    "PERSON_NOT_REGISTERED": ("该人员尚未实名登记", "No real-name record"),
    "ALREADY_ON_SITE": ("该人员已在本工地", "Already on this site"),
    "ENTRY_AFTER_EXIT": ("进场日期不能晚于退场日期", "The entry date cannot be after the exit date"),
    "TEAM_LEADER_IS_SELF": ("不能选择本人作为自己的劳务队长", "A person cannot be their own team leader"),
    "TEAM_LEADER_HAS_MEMBERS": ("仍有在场人员属于该劳务队", "People on the site are still in this team"),
    "NAME_MISMATCH": ("与实名信息中的姓名不一致", "Not the name on the real-name record"),
    "REASON_REQUIRED": ("请填写原因", "A reason is required"),
    # 花名册导入: a cell, or the file as a whole
    "UNKNOWN_CODE": ("不是可选的值，请从下拉列表中选择", "Not one of the choices; pick one from the drop-down"),
    "NOT_YES_OR_NO": ("请填写“是”或“否”", "Enter yes or no"),
    "NUMBER_NOT_TEXT": ("号码被 Excel 存成了数字，末几位已丢失：请将该列设为文本格式后重新填写",
                        "Excel stored the number as a number and lost its last digits: format the column as text "
                        "and type it again"),
    "DUPLICATE_IN_FILE": ("与文件中前面的行是同一人", "The same person as an earlier row of the file"),
    "NOT_A_WORKBOOK": ("不是 .xlsx 格式的 Excel 文件，请使用导入模板", "Not an .xlsx workbook; use the import template"),
    "MISSING_COLUMNS": ("缺少必填的列（姓名、证件号），请使用导入模板",
                        "Required columns (name, ID number) are missing; use the import template"),
    "EMPTY_SHEET": ("文件中没有数据", "The file holds no rows"),
    "TOO_MANY_ROWS": ("行数过多，一个文件最多 200,000 行", "Too many rows; a file holds at most 200,000"),
    "EMPTY_FILE": ("文件是空的", "The file is empty"),
    "TOO_MANY": ("一次提交的条数过多", "Too many items in one request"),
    "FILE_TOO_LARGE": ("文件过大", "The file is too large"),
    "TOO_LARGE": ("照片过大，不能超过4MB", "The photo is too large: at most 4 MB"),
    "NOT_AN_IMAGE": ("不是可以识别的JPG或PNG图片", "Not a JPG or PNG image that can be read"),
    "INVALID_FILE": ("文件无法读取", "The file cannot be read"),
    "WAGE_CARD_FORMAT": ("工资卡号应为12至19位数字", "A wage card number has 12 to 19 digits"),
    "WAGE_CARD_CHECK_DIGIT": ("工资卡号校验位错误，请核对卡号", "The check digit of the card number is wrong; check it"),
    "UNKNOWN_TEAM": ("不是本单位的班组", "Not a team of your enterprise"),
    "UNKNOWN_EMPLOYEE": ("不是本单位的在职人员", "Not an employee of your enterprise"),
    "ENDS_BEFORE_START": ("结束日期早于开始日期", "The end date is before the start date"),
    "PERIOD_TOO_LONG": ("时间段不能超过31天", "A period is at most 31 days"),
    "OPEN_CONTRACT_HAS_NO_END": ("无固定期限合同没有失效日期", "An open-ended contract has no end date"),
    "TEAM_NAME_TAKEN": ("本单位已有同名班组", "Another team of your enterprise has this name"),
    "DOCUMENT_TOO_LARGE": ("文件不能超过10MB", "A file may be at most 10 MB"),
    "DOCUMENT_TYPE_NOT_ALLOWED": ("只能上传JPG、PNG图片或PDF文件", "Only JPG or PNG photos and PDF files"),
    # 关键岗位
    "CERTIFICATE_REQUIRED": ("请上传资质证书", "Upload the certificate"),
    "KEY_POSITION_TAKEN": ("该岗位已有在岗人员", "The position already has its person"),
    "KEY_POSITION_ALREADY_REGISTERED": ("该人员已登记在该岗位", "Already registered in this position"),
    "POSITION_NOT_OF_UNIT": ("该单位类型没有此岗位", "A unit of this type has no such position"),
    "NOT_PARTICIPANT": ("不是本项目的参建单位", "Not a unit of this project"),
    "EXIT_BEFORE_ENTRY": ("退场日期早于进场日期", "The exit date is before the entry date"),
    "ASSIGNMENT_NOT_CONFIRMED": ("没有已确认的人员分配", "No confirmed assignment"),
    "CODE_EXPIRED": ("建设码已过期", "The code has expired"),
    "CODE_INVALID": ("无效的建设码", "Not a valid code"),
    # 管理人员登记
    "GRADUATED_IN_FUTURE": ("已毕业的截止时间不能晚于今天", "A finished study cannot end after today"),
    # 项目申报
    "UNKNOWN_REGION": ("请选择区（县）级地区", "Choose a district or county"),
    "BEFORE_START_DATE": ("计划竣工日期早于开工日期", "The planned completion is before the start"),
    "INVALID_CREDIT_CODE": ("统一社会信用代码有误", "Not a valid credit code"),
    "PARTICIPANT_ALREADY_ADDED": ("已是本项目的参建单位", "Already takes part in this project"),
    "PARTICIPANT_ROLE_NOT_ALLOWED": ("本单位不能添加该类型的参建单位", "Your enterprise may not take on this type"),
    "REPORT_NUMBER_TAKEN": ("该编号已报送", "Already reported"),
    # 项目人员绑定
    "BINDING_NOT_APPROVED": ("项目人员绑定未审核通过", "Binding not approved"),
    "BINDING_NOT_SUBMITTABLE": ("已提交或已审核通过", "Already submitted or approved"),
    "BINDING_NOT_PENDING": ("不是待审核状态", "Not awaiting review"),
    "BINDING_NOT_FOUND": ("未找到该绑定申请", "No such binding request"),
    "FACE_NOT_VERIFIED": ("未完成人脸识别认证", "Face recognition not completed"),
    "NOT_IMPLEMENTING_UNIT": ("不是本项目的实施单位", "Not the project's implementing unit"),
    # 自助登记人员 办理
    "SELF_REGISTRATION_NOT_FOUND": ("未找到该自助登记人员", "No such self-registration"),
    "SELF_REGISTRATION_ALREADY_HANDLED": ("已办理", "Already handled"),
    "NOT_SELF_REGISTRATION_UNIT": ("不是登记人员选择的单位", "Not the unit the worker chose"),
}

#: why one entry of a batch exit was refused: (中文, English); the person's name goes before it
EXIT_REFUSALS = {
    "ALREADY_EXITED": ("该人员已经退场，不能重复操作", "already exited; it cannot be done twice"),
    "EXIT_BEFORE_ENTRY": ("退工日期早于进场日期", "the exit date is before the entry date"),
    "EXIT_DATE_IN_FUTURE": ("退工日期不能晚于今天", "the exit date cannot be in the future"),
    "ENTRY_NOT_FOUND": ("未找到该进场记录", "no such entry record"),
}

#: what a saved entry is warned of (it is saved all the same): (中文, English), with the details' names
WARNINGS = {
    "NOT_EMPLOYED_BY_EMPLOYER": (
        "该人员目前不是{employer_name}的在职人员（当前用人单位：{current_employer_name}），请核对用人单位",
        "{employer_name} does not employ this person now (current employer: {current_employer_name}); check the "
        "employer.",
    ),
}
#: how a warning names an employer it does not know of, or the lack of one
NO_EMPLOYER = ("无", "none")

#: field: (中文, English), to name a field in a top-level message
FIELD_LABELS = {
    "id_type": ("证件类型", "ID document type"),
    "id_number": ("证件号码", "ID number"),
    "name": ("姓名", "Name"),
    "gender": ("性别", "Gender"),
    "ethnicity": ("民族", "Ethnicity"),
    "birth_date": ("出生日期", "Birth date"),
    "address": ("户籍地址", "Address"),
    "issuing_authority": ("签发机关", "Issuing authority"),
    "valid_from": ("有效期限起", "Valid from"),
    "valid_until": ("有效期限止", "Valid until"),
    "phone": ("手机号", "Phone"),
    "employer_id": ("用人单位", "Employer"),
    "is_team_leader": ("是否劳务队长", "Team leader"),
    "team_leader_entry_id": ("劳务队长", "Team leader"),
    "trade": ("从事主要工种", "Trade"),
    "education": ("文化程度", "Education"),
    "entry_date": ("进场日期", "Entry date"),
    "exit_date": ("退工日期", "Exit date"),
    "evaluation": ("用工评价", "Evaluation"),
    "evaluation_comment": ("评价内容", "Comment"),
    "entry_ids": ("退场人员", "People to exit"),
    "team_id": ("班组", "Team"),
    "credit_code": ("统一社会信用代码", "Credit code"),
    "unit_type": ("单位类型", "Unit type"),
    "contact_person": ("联系人", "Contact person"),
    "contact_phone": ("联系电话", "Contact phone"),
    "registration_number": ("报建编号", "Registration number"),
    "general_contractor_id": ("总承包单位", "General contractor"),
    "project_id": ("项目", "Project"),
    "serial": ("设备序列号", "Serial number"),
    "device_address": ("设备地址", "Device address"),
    "direction": ("进出方向", "Direction"),
    "day": ("日期", "Day"),
    "time": ("时间", "Time"),
    "approve": ("审批结果", "Decision"),
    "location": ("安装位置", "Location"),
    "card_number": ("考勤卡号", "Card number"),
    "records": ("考勤记录", "Records"),
    "body": ("请求内容", "Request body"),
    "username": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "code": ("激活码", "Activation code"),
    "personal_code": ("建设码", "Personal code"),
    "q": ("查询条件", "Search"),
    "file": ("文件", "File"),
    "person": ("人员", "Person"),
    "page": ("页码", "Page"),
    "page_size": ("每页条数", "Page size"),
    "limit": ("条数上限", "Limit"),
    "reason": ("原因", "Reason"),
    "role": ("角色", "Role"),
    "state": ("状态", "State"),
    "enterprise_id": ("企业", "Enterprise"),
    # 管理人员登记 (manual 004 §4.1)
    "former_name": ("曾用名", "Former name"),
    "social_insurance": ("社保情况", "Social insurance"),
    "social_insurance_proof_date": ("社保缴费证明日期", "Date of the social insurance proof"),
    "professional_title": ("职称", "Professional title"),
    "hukou_type": ("户口类型", "Household registration type"),
    "hukou_location": ("户口所在地", "Place of household registration"),
    "residence_address": ("现居住地址", "Current residence"),
    "residence_detail": ("现居住地详细地址", "Residence address in detail"),
    "native_place": ("籍贯", "Native place"),
    "marital_status": ("婚姻状况", "Marital status"),
    "highest_education": ("最高学历", "Highest education"),
    "highest_education_type": ("最高学历类型", "Type of highest education"),
    "highest_degree": ("最高学位", "Highest degree"),
    "school": ("就读学校", "School"),
    "starts_on": ("开始时间", "From"),
    "ends_on": ("截止时间", "To"),
    "major": ("专业名称", "Major"),
    "graduated": ("是否毕业", "Graduated"),
    "relationship": ("与本人关系", "Relationship"),
    "institution": ("培训机构", "Training institution"),
    "course": ("培训课程", "Course"),
    "trained_on": ("培训时间", "Training date"),
    "score": ("培训成绩", "Result"),
    "title_name": ("职称名称", "Title"),
    "title_level": ("职称等级", "Title level"),
    "granted_by": ("授予单位", "Granted by"),
    "granted_on": ("职称取得时间", "Granted on"),
    "remark": ("备注", "Remark"),
    "licence_number": ("执业证书编号", "Licence number"),
    "licence_name": ("执业名称", "Licence"),
    "issued_by": ("证书授予单位", "Issued by"),
    "expires_on": ("证书有效期", "Valid until"),
    "award_name": ("奖项名称", "Award"),
    "awarded_by": ("颁发部门", "Awarded by"),
    "awarded_on": ("获奖时间", "Awarded on"),
    "emergency_contacts": ("紧急联系人", "Emergency contacts"),
    "trainings": ("培训经历", "Training"),
    "titles": ("职业技能职称", "Professional titles"),
    "licences": ("执业证书", "Practice licences"),
    "awards": ("获奖情况", "Awards"),
    # 人员分配
    "people": ("待分配人员", "People to assign"),
    "person_id": ("人员", "Person"),
    "person_ids": ("人员", "People"),
    "image": ("人脸照片", "Face photo"),
    "threshold": ("相似度阈值", "Similarity threshold"),
    "margin": ("与次高相似度之差", "Margin over the second best"),
    "lodging_on_site": ("是否住宿在工地", "Lodging on site"),
    "ids": ("所选人员", "Chosen people"),
    "decision": ("确认结果", "Decision"),
    "enterprise_name": ("单位名称", "Enterprise name"),
    "kind": ("类型", "Kind"),
    "content_base64": ("文件", "File"),
    "certificate": ("资质证书", "Certificate"),
    "position": ("岗位", "Position"),
    "participant_id": ("参建单位", "Unit"),
    "exit_on": ("退场日期", "Exit date"),
    "exit_note": ("退场说明", "Exit note"),
}

#: success messages
NOTICES = {
    "PERSON_REGISTERED": ("实名信息登记成功", "The real-name record was registered."),
    "PERSON_ALREADY_REGISTERED": ("该证件号码已登记实名信息，已显示已有的记录",
                                  "This ID number is already registered; the existing record is shown."),
}


def english(language: str) -> bool:
    return language.startswith("en")


def words(pair, language):
    return pair[1] if english(language) else pair[0]


def describe_fields(field_codes: dict, language: str) -> dict:
    return {
        field: words(FIELD_PROBLEMS.get(code, FIELD_PROBLEMS["INVALID"]), language)
        for field, code in field_codes.items()
    }


def about_person(name: str | None, text: str, language: str) -> str:
    """``张三：该人员已经退场…`` / ``Zhang San: already exited…``; the text alone when no name may be shown."""
    if not name:
        return text
    return f"{name}: {text}" if english(language) else f"{name}：{text}"


def describe_warnings(warnings: list[dict], language: str) -> list[dict]:
    """Each warning with its ``message``, its details filled in."""
    described = []
    for warning in warnings:
        details = {name: value if value is not None else words(NO_EMPLOYER, language)
                   for name, value in (warning.get("details") or {}).items()}
        described.append({**warning, "message": words(WARNINGS[warning["code"]], language).format_map(details)})
    return described


def field_label(path: str, language: str) -> str:
    """``person.id_number`` → 证件号码 (the part of a combined form); ``entry_ids.0`` → 退场人员（第1项）;
    ``education.2.school`` → 就读学校（第3项） (a field of a row of a list)."""
    parts = path.split(".")
    items = [int(part) + 1 for part in parts[1:] if part.isdigit()]
    names = [part for part in parts if not part.isdigit()] or parts
    name = names[-1]
    label = words(FIELD_LABELS[name], language) if name in FIELD_LABELS else name
    for item in items:
        label += f" (item {item})" if english(language) else f"（第{item}项）"
    return label


def summary_of_fields(field_messages: dict, language: str) -> str:
    parts = []
    for field, message in field_messages.items():
        label = field_label(field, language)
        parts.append(f"{label}: {message}" if english(language) else f"{label}：{message}")
    return ("; " if english(language) else "；").join(parts)
