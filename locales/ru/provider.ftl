# The provider bot: school staff review applications, issue results, keep deadlines.

provider-staff-only = Здравствуйте! Этот бот предназначен только для сотрудников школ. Чтобы подать заявление, воспользуйтесь ботом для родителей. Если вы сотрудник школы, попросите ссылку-приглашение у администрации школы.
provider-staff-only-short = Этот бот только для сотрудников школ.
provider-not-staff = Вы не зарегистрированы как действующий сотрудник школы.
provider-not-found = Заявление не найдено или не относится к вашей школе.
provider-invite-invalid = Ссылка-приглашение недействительна. Попросите новую ссылку у администрации школы.
provider-invite-expired = Срок действия ссылки-приглашения истёк. Попросите новую ссылку у администрации школы.
provider-invite-used = Эта ссылка-приглашение уже использована. Попросите новую ссылку у администрации школы.
provider-welcome = Добро пожаловать, <b>{ $name }</b>! Вы подключены к организации образования «{ $school }» как { $role }. Список заявлений: /inbox. Сменить язык: /lang.
provider-role-specialist = специалист
provider-role-director = директор
provider-position-specialist = Специалист
provider-position-director = Директор
provider-lang-choose = Выберите язык:
provider-lang-set = Язык изменён: русский.

provider-inbox-title = 📥 <b>Заявления — { $school }</b>
provider-inbox-no-applications = Заявлений пока нет.
provider-inbox-empty = Нет заявлений, ожидающих рассмотрения.
provider-inbox-page = Ожидают рассмотрения (страница { $page }/{ $pages }):
provider-inbox-new = новое
provider-inbox-due = срок { $date }
provider-inbox-overdue = ⚠️ просрочено ({ $date })

provider-card-title = 📄 <b>Заявление № { $number }</b> — { $service }
provider-card-status = Статус: <b>{ $status }</b>
provider-card-submitted = Поступило: { $date }
provider-card-deadline = Срок рассмотрения: { $date }
provider-card-deadline-overdue = ⚠️ Срок рассмотрения истёк: { $date }
provider-card-reason = Причина отказа: { $reason }
provider-card-comment = Комментарий: { $comment }
provider-status-result-revoked = ❌ Документ «{ $kind }» № { $document } отозван школой { $date }
provider-card-revoked-reason = Причина отзыва: { $reason }
provider-card-revoked-no-decision = На основании отозванного документа решения не принимаются: приказ не издаётся, отказ не оформляется; заявитель может подать заявление заново.
provider-inbox-revoked = Выданный документ отозван
provider-card-signature-none = ✍️ Подпись: нет
provider-card-signature-paper = ✍️ Подпись: фото бумажного заявления — проверьте подпись сами.
provider-card-signature-valid = ✍️ ЭЦП проверена: все проверки пройдены ✅
provider-card-signature-invalid = ✍️ ЭЦП не прошла проверку ❌:
provider-check-parse = файл подписи не читается
provider-check-algorithm-supported = алгоритм подписи не поддерживается
provider-check-content-match = подписанный текст не совпадает с заявлением
provider-check-message-digest = заявление изменено после подписания
provider-check-signature = подпись недействительна
provider-check-signing-time = время подписания вне сеанса подписания: раньше выдачи ссылки или в будущем
provider-check-certificate-validity = сертификат недействителен на момент подписания на странице
provider-check-signing-key = использован ключ аутентификации, а не ключ подписи
provider-check-individual-eku = сертификат выдан не физическому лицу
provider-check-chain = сертификат выдан не доверенным удостоверяющим центром
provider-check-revocation = сертификат отозван или его статус не удалось проверить (OCSP)
provider-check-timestamp = метка времени (TSP) в подписи не прошла проверку
provider-check-iin-checksum = ИИН в сертификате ошибочен
provider-check-iin-match = ИИН в сертификате не совпадает с ИИН заявителя

provider-file-statement = Заявление № { $number }
provider-file-paper-signature = Фото подписанного бумажного заявления
provider-file-result = Выданный документ

provider-action-issue-certificate = Выдать справку
provider-action-issue-receipt = Выдать расписку
provider-button-files = 📎 Документы
provider-button-inbox = 📥 Список
provider-button-open = Открыть заявление
provider-button-confirm = ✅ Подтвердить
provider-button-cancel = Отмена
# One line to a staff member back after blocking the bot (with the inbox's button): how many of the school's applications wait.
provider-unblocked = 👋 С возвращением! { $count ->
    [0] Заявлений, ожидающих рассмотрения, в вашей школе нет.
    [one] В вашей школе { $count } заявление ожидает рассмотрения.
    [few] В вашей школе { $count } заявления ожидают рассмотрения.
   *[many] В вашей школе { $count } заявлений ожидают рассмотрения.
}
provider-button-skip = Пропустить
provider-button-back = Вернуться к заявлению

provider-confirm-title = Заявление <b>№ { $number }</b>: «{ $action }». Подтверждаете?
provider-confirm-order = Приказ: № { $number } от { $date }
provider-confirm-reason = Причина: { $reason }
provider-confirm-comment = Комментарий: { $comment }
provider-choose-reason = Заявление <b>№ { $number }</b>: выберите причину отказа.
# Typed (or a photo, a sticker) while the refusal's reasons are shown: the reason is chosen with a button; the list stays.
provider-choose-reason-buttons = Причину отказа выбирают кнопкой: нажмите одну из причин под сообщением выше или «Отмена».
provider-ask-comment = Напишите комментарий для родителя (необязательно) или нажмите «Пропустить».
provider-ask-reason-text = Напишите причину мотивированного отказа: родитель получит её как есть.
provider-reason-text-invalid = Напишите причину длиной от { $min } до { $max } символов.
provider-text-too-long = Текст слишком длинный: не больше { $max } символов.
provider-ask-order-number = Напишите номер приказа директора (например, 45-Ж).
provider-order-number-invalid = Номер приказа должен содержать цифры, до 30 символов (например, 45-Ж).
provider-ask-order-date = Напишите дату приказа (ДД.ММ.ГГГГ).
provider-order-date-invalid = Напишите дату в виде ДД.ММ.ГГГГ; дата приказа не может быть в будущем.
provider-order-date-before-sent = Приказ не может быть издан раньше, чем подано заявление: напишите дату не ранее { $date }.
provider-bulk-order-date-before-sent = Приказ не может быть издан раньше, чем подано последнее из заявлений, по которым он издаётся: напишите дату не ранее { $date }.
provider-order-missing = Не указаны номер и дата приказа.
provider-order-result-revoked = ❌ Приказ не выдан: документ «{ $kind }» № { $document } по этому заявлению отозван школой, а приказ не может опираться на отозванный документ. Заявитель может подать заявление заново.
provider-decision-result-revoked = ❌ Ничего не сделано: документ «{ $kind }» № { $document } по этому заявлению отозван школой, а по заявлению с отозванным документом решения не принимаются. Заявитель может подать заявление заново.
# An enrolment order from the card that would pass over applicants ahead in the queue (priority first, then the time sent).
provider-order-out-of-turn-ask = ⚠️ Заявление <b>№ { $number }</b> — не первое в очереди на зачисление. Перед ним в очереди заявлений: { $count }; первое — { $first }.
    Зачисляют по очереди: сначала заявления с приоритетом, затем остальные, в каждой группе — по времени подачи; по порядку зачисляет «✅ Зачислить по порядку» в /orders.
    Зачислить это заявление вне очереди? Это будет записано в историю заявления.
provider-button-out-of-turn = ⚠️ Зачислить вне очереди
provider-confirm-out-of-turn = ⚠️ Вне очереди — перед заявлением в очереди заявлений: { $count } (будет записано в историю заявления).
provider-order-out-of-turn = ❌ Приказ не выдан: перед этим заявлением в очереди заявлений: { $count }; первое — { $first }. Зачислите по порядку (/orders) или откройте заявление снова, чтобы зачислить его вне очереди.
provider-order-applicant = { $child } (№ { $number }, { $date }{ $extra })
provider-order-places-not-set = ❌ Приказ не выдан: количество мест на { $year } год не указано. Сначала укажите его: /orders → «🔢 Количество мест» — приказ о зачислении выдаётся только в пределах мест.
provider-order-no-places = ❌ Приказ не выдан: свободных мест на { $year } год нет — по приказам уже зачислено столько детей, сколько указано мест (/orders).
provider-order-enrolled-elsewhere = ❌ Приказ не выдан: ребёнок уже зачислен приказом в другую школу — { $school } (заявление № { $number }).
provider-input-cancelled = Действие отменено.
provider-input-text-only = Бот ждёт ответ текстом или нажатие кнопки под вопросом выше: фото, стикеры и файлы здесь не читаются.

provider-done = ✅ Заявление <b>№ { $number }</b>: { $status }. Родитель получит уведомление.
provider-conflict-staff = Это заявление уже обработал(а) { $name } (статус: { $status }).
provider-conflict-self = Вы уже обработали это заявление (статус: { $status }).
provider-conflict-parent = Заявитель уже изменил заявление (статус: { $status }).
provider-conflict = Заявление уже изменилось (статус: { $status }).

provider-rate-limited = Слишком много сообщений подряд. Подождите несколько секунд.
provider-error-unavailable = Сервис временно недоступен. Повторите через несколько минут.
provider-error-generic = Произошла ошибка. Повторите попытку; если ошибка повторится, сообщите администратору.
provider-button-outdated = Эта кнопка устарела. Откройте список заново: /inbox
provider-fallback = Список заявлений: /inbox. Найти заявление или выданный документ: отправьте его номер (например, 2026-000042 или 2026/000017). Сменить язык: /lang.
provider-edited-not-read = ✏️ Бот не видит исправлений в уже отправленных сообщениях. Отправьте текст заново, новым сообщением.

## The command menu
provider-command-inbox = Входящие заявления
provider-command-lang = Язык / Тіл

provider-doc-certificate = Справка
provider-doc-receipt = Расписка
provider-doc-order = Уведомление о приказе
provider-doc-refusal = Мотивированный отказ
provider-card-issued = 📄 { $kind } № { $number } от { $date } — действует
provider-card-issued-revoked = 📄 { $kind } № { $number } от { $date } — ❌ отозван { $revoked }. Причина: { $reason }
provider-revoke-button = Отозвать документ № { $number }
provider-ask-revoke-reason = Документ № { $number }: напишите причину отзыва. Её получит родитель, и её увидит каждый, кто проверит документ по коду.
provider-revoke-reason-invalid = Напишите причину длиной от { $min } до { $max } символов.
provider-confirm-revoke = Отозвать документ <b>№ { $number }</b> (заявление № { $application })? После отзыва страница проверки сообщит, что документ недействителен.
provider-revoked = ✅ Документ № { $number } отозван. Родитель получит уведомление.
provider-revoke-already = Этот документ уже отозван.

## Onboarding: the name and position documents are signed with
provider-profile-ask-name = Документы, которые вы выдаёте, будут подписаны вашими именем и должностью. Напишите ваши фамилию, имя и отчество полностью, как в удостоверении личности.
provider-profile-ask-position = Напишите вашу должность так, как она должна стоять в документах (например: Заместитель директора по учебной работе).
provider-profile-position-invalid = Напишите должность словами, от 3 до { $max } символов.
provider-profile-done = Готово. Документы будут подписаны так: <b>{ $position } { $name }</b>. Список заявлений: /inbox.
provider-profile-first = Сначала укажите ваши ФИО и должность.
provider-check-bin-match = ключ другой организации: БИН в ключе не совпадает с БИН школы
provider-card-issued-signed = ✍️ выдан с подписью ЭЦП: { $name }, { $position }
provider-card-issued-unsigned = выдан без ЭЦП
provider-button-sign-issue = ✍️ Подписать ЭЦП и выдать
provider-sign-link = Документ «{ $kind }» № { $document } по заявлению <b>№ { $number }</b> подготовлен, но ещё не выдан. Откройте ссылку на компьютере с NCALayer и подпишите документ своим ключом ЭЦП или ключом ЭЦП школы. Документ будет выдан услугополучателю сразу после проверки подписи, а вы получите его копию. Ссылка одноразовая; срок действия: до { $until }.
provider-sign-open = ✍️ Открыть страницу подписания
provider-sign-ask-iin = Чтобы проверить, что ключ ЭЦП принадлежит вам, введите ваш ИИН (12 цифр). Он нужен только для проверки вашей подписи. Если вы подписываете ключом ЭЦП школы, всё равно укажите свой ИИН.
provider-sign-iin-invalid = ИИН состоит из 12 цифр и должен пройти проверку контрольной цифры. Проверьте и введите ещё раз.
provider-sign-iin-on-record = Подпись сверяется с вашим ИИН { $iin }. Если он указан с ошибкой, нажмите «Изменить ИИН».
provider-sign-change-iin = ✏️ Изменить ИИН
provider-sign-iin-saved = ИИН сохранён. Откройте заявление и снова нажмите «Подписать ЭЦП и выдать»: прежняя ссылка тоже действует, но подпись будет сверяться с новым ИИН.

## Orders in bulk (/orders): the queue of a service (its priority first, then registration order), places, one order for many
provider-command-orders = Приказ списком: зачисление
provider-bulk-none = Нет заявлений, ожидающих приказа.
provider-bulk-pick = Заявления, ожидающие приказа. Выберите услугу:
provider-bulk-service-button = { $service }: { $count }
provider-bulk-title = <b>{ $service }</b> — ожидают приказа: { $count }. Порядок — по времени регистрации заявления.
provider-bulk-title-priority = <b>{ $service }</b> — ожидают приказа: { $count }. Порядок: сначала заявления с приоритетом ({ $first }), затем остальные; в каждой группе — по времени регистрации заявления.
provider-bulk-places = Мест на { $year } год: { $places }; зачислено: { $taken }; свободно: { $free }.
provider-bulk-places-unset = Количество мест на { $year } год не указано: укажите его, прежде чем зачислять.
provider-bulk-line = { $n }. { $child } — № { $number }, { $date }{ $extra }
provider-bulk-more = … и ещё заявлений: { $count }
provider-bulk-enrol = ✅ Зачислить по порядку
provider-bulk-set-places = 🔢 Количество мест
provider-bulk-refresh = 🔄 Обновить список
# The queue shown a page at a time: every applicant can be reached.
provider-bulk-page = Страница { $page } из { $pages } (заявления { $from }–{ $to })
provider-bulk-prev = ◀️ Предыдущие
provider-bulk-next = Следующие ▶️
provider-bulk-director-only = Приказ подписывает директор: зачислить может только он.
provider-bulk-nothing = Зачислять некого: нет ожидающих заявлений или свободных мест.
provider-bulk-ask-count = Сколько заявителей по порядку списка включить в приказ? Напишите число от 1 до { $max }.
provider-bulk-all = Всех по порядку: { $max }
provider-bulk-count-invalid = Напишите число от 1 до { $max }.
provider-bulk-confirm = <b>Приказ № { $number } от { $date }</b>. Зачислить по порядку списка ({ $count }):
provider-bulk-done = ✅ Зачислено по приказу № { $number }: { $count }. Каждый родитель получит уведомление о приказе в чате.
provider-bulk-skipped = Не включены — заявление изменилось после показа списка: { $numbers }
provider-bulk-enrolled-elsewhere = Не включены — ребёнок уже зачислен приказом в другую школу: { $numbers }
provider-bulk-out-of-turn = Не включены — пока список был открыт, перед ними в очереди появились другие заявления (с приоритетом): { $numbers }. Откройте список снова.
provider-bulk-places-not-set = Сначала укажите количество мест на год.
provider-bulk-too-many = Свободных мест: { $free }. Включите в приказ не больше.
provider-bulk-ask-places = «{ $service }»: сколько детей школа принимает в { $year } году? Напишите число (например, 100) или классы × места в классе (например, 4 × 25).
provider-bulk-places-invalid = Напишите число от 0 до { $max } или классы × места, например 4 × 25.
provider-bulk-places-saved = ✅ Мест на { $year } год: { $places }.
provider-bulk-places-director = Количество мест указывает директор: по нему он подписывает приказ о зачислении.
provider-bulk-places-below-taken = По приказам этого года уже зачислено: { $taken }. Мест не может быть меньше — напишите число не меньше { $taken }.
provider-bulk-places-free = Свободных мест: { $free }. Отказать по основанию «нет мест», пока места есть, нельзя.
provider-bulk-open = 📋 К списку
provider-bulk-refuse = ❌ Отказать остальным: { $reason }
provider-bulk-refuse-confirm = <b>Отказать всем, кто ожидает ({ $count })</b>. Основание: { $reason } Каждый родитель получит мотивированный отказ.
provider-bulk-refused = ✅ Отказано: { $count }. Каждый родитель получит мотивированный отказ в чате.
provider-bulk-due = Приказ — не позднее { $date }.
provider-sign-mobile = 📱 Подписать в eGov mobile
provider-sign-mobile-qr = Отсканируйте QR-код в приложении eGov mobile или, если бот открыт на этом же телефоне, нажмите «Открыть eGov mobile». Подпишите документ «{ $kind }» № { $document } по заявлению <b>№ { $number }</b> своим ключом ЭЦП или ключом ЭЦП школы. QR-код действует { $minutes } мин. и только один раз.
provider-sign-mobile-open = 📱 Открыть eGov mobile
provider-sign-mobile-outdated = Эта ссылка на подписание уже не действует. Откройте заявление и снова нажмите «Подписать ЭЦП и выдать».
provider-sign-mobile-unavailable = Подписание через eGov mobile сейчас недоступно. Попробуйте позже или подпишите на странице по ссылке выше (NCALayer).
provider-sign-mobile-refresh = 🔄 Новый QR-код

# What Telegram shows before the first message (up to 512 characters) and in the bot's profile (up to 120).
provider-bot-description = Бот для сотрудников школы: приём и регистрация заявлений родителей, решения по ним.
    Войдите по ссылке-приглашению, которую выдал руководитель школы.
provider-bot-short-description = Для сотрудников школы: заявления родителей и решения по ним.
provider-invite-switched-off = Ваш доступ к боту закрыт после того, как была создана эта ссылка-приглашение, поэтому она его не возвращает. Попросите новую ссылку у директора школы.
provider-invite-member = Вы уже сотрудник организации образования «{ $school }» ({ $role }) и работаете в боте. Ссылка-приглашение не использована: её можно передать тому, для кого она предназначена.
provider-invite-other-school = Вы уже работаете в боте как сотрудник организации образования «{ $school }» ({ $role }). Ссылка-приглашение другой школы не переводит вас туда: попросите директора своей школы закрыть вам доступ к боту, а затем попросите новую ссылку у школы, в которую переходите. Эта ссылка не использована.
