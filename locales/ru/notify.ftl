# Notifications from the outbox: to parents (parent bot, email) and to school staff (provider bot).

notify-status = <b>Заявление № { $number }</b> ({ $service }): { $status }
notify-parent-registered = Школа приняла заявление к рассмотрению. Срок решения — до { $deadline }.
notify-parent-refused = Школа отказала в приёме заявления по причине, указанной ниже. Исправьте недостаток и подайте заявление снова.
# A refusal whose reason points at the school (no places, the wrong school): nothing to correct.
notify-parent-refused-school = Школа отказала по причине, указанной ниже. Исправлять в заявлении ничего не нужно: вы можете подать заявление в другую школу. В случае отказа в приёме ребёнка в школу вы вправе обратиться по месту жительства в местный орган управления образованием.
notify-parent-completed = Готовый документ приложен к этому сообщению.
notify-parent-completed-awaiting-order = Документы приняты: расписка о приёме документов приложена к этому сообщению. Следующий шаг — приказ директора; уведомление о нём придёт сюда и на электронную почту, если вы её указали.
notify-parent-rejected = Школа направила мотивированный отказ в оказании услуги.
notify-parent-order-signed = Директор подписал приказ. Уведомление о приказе приложено.
# A registered application past its deadline, undecided: told once, by the morning digest's run.
notify-parent-overdue = ⚠️ Срок рассмотрения заявления <b>№ { $number }</b> ({ $service }) истёк { $deadline }, а школа ещё не приняла решение.
# Only when the school has staff, whose morning digest lists the application.
notify-parent-overdue-reminded = Школе направлено напоминание о сроке.
notify-parent-overdue-support = Если ответ так и не поступит, напишите в службу поддержки: /support.
# Before the notices that could not reach a parent who had blocked the bot, sent once they unblock it.
notify-parent-unblocked = 🔔 Ниже — что изменилось по вашим заявлениям, пока бот был заблокирован.
notify-reason = <b>Причина:</b> { $reason }
notify-comment = <b>Комментарий специалиста:</b> { $comment }
notify-text-cut = ✂️ Здесь текст сокращён: полностью он приведён в приложенном документе и в заявлении (кнопка «Открыть заявление»).
notify-button-open = Открыть заявление
notify-button-open-staff = Открыть заявление
notify-button-send-to-school = Отправить в школу
notify-staff-submitted = 📥 Новое заявление <b>№ { $number }</b>: { $service }.
# A service whose result is given at once: the send issued the receipt already.
notify-staff-submitted-at-once = 📥 Новое заявление <b>№ { $number }</b>: { $service }. Расписка о приёме документов выдана заявителю автоматически; заявление ожидает приказа директора (/orders).
notify-staff-cancelled = Заявитель отозвал заявление <b>№ { $number }</b> ({ $service }).
notify-signing-valid = Подпись заявления № { $number } проверена, всё верно. Теперь заявление можно отправить в школу.
notify-signing-invalid = Подпись заявления № { $number } не прошла проверку. Подпишите заявление ещё раз.
notify-digest-title = 🗓 <b>Сводка по срокам, { $date }</b>
notify-digest-overdue = ⚠️ <b>Просрочено: { $count }</b>
notify-digest-due-today = ⏰ <b>Срок истекает сегодня: { $count }</b>
notify-digest-item = • № { $number }, { $service } — срок { $deadline }
notify-digest-more = … и ещё заявлений: { $count }. Полный список заявлений: /inbox
notify-digest-open = Открыть № { $number }
notify-escalation = ⚠️ Срок рассмотрения заявления <b>№ { $number }</b> ({ $service }) истёк ({ $deadline }). Просим взять исполнение на контроль.
notify-email-subject = Заявление № { $number }: { $status }
notify-email-body = Здравствуйте!

    По заявлению № { $number } ({ $service }) новый статус: { $status }.
    Документ приложен к этому письму в формате PDF.

    Письмо отправлено автоматически, отвечать на него не нужно.

notify-revoked = Школа отозвала документ № { $document }, выданный по заявлению № { $number } ({ $service }). Документ больше не действителен: страница проверки по его коду сообщает об отзыве.
notify-issued-copy = 📎 Копия выданного вами документа: заявление <b>№ { $number }</b> ({ $service }), { $status }.
notify-issued-copy-revoked = 📎 Школа { $date } отозвала выданный вами документ № { $document } по заявлению <b>№ { $number }</b> ({ $service }), поэтому его копия не прилагается.
notify-signed-eds = ✍️ Документ подписан ЭЦП организации образования: { $name }, { $position }. Подпись проверена; файл подписи можно скачать на странице проверки по QR-коду документа.
notify-staff-signing-invalid = ❌ Подпись документа «{ $kind }» № { $document } по заявлению <b>№ { $number }</b> не принята, документ не выдан.
notify-button-new-sign-link = ✍️ Получить новую ссылку
notify-staff-signing-not-pending = ❌ По заявлению <b>№ { $number }</b> тем временем принято другое решение, поэтому документ «{ $kind }» № { $document } с вашей подписью не выдан.
notify-staff-signing-result-revoked = ❌ Документ «{ $kind }» № { $document } по заявлению <b>№ { $number }</b> с вашей подписью не выдан: пока он ждал подписи, документ, на котором он основан (расписку), отозвали.
notify-staff-signing-places-not-set = ❌ Документ «{ $kind }» № { $document } по заявлению <b>№ { $number }</b> с вашей подписью не выдан: количество мест на год не указано. Укажите его (/orders → «🔢 Количество мест») и выдайте приказ заново.
notify-staff-signing-no-places = ❌ Документ «{ $kind }» № { $document } по заявлению <b>№ { $number }</b> с вашей подписью не выдан: пока он ждал подписи, все места на год заняли приказы о зачислении.
notify-staff-signing-enrolled-elsewhere = ❌ Документ «{ $kind }» № { $document } по заявлению <b>№ { $number }</b> с вашей подписью не выдан: пока он ждал подписи, ребёнка зачислили приказом в другую школу.
notify-staff-signing-out-of-turn = ❌ Документ «{ $kind }» № { $document } по заявлению <b>№ { $number }</b> с вашей подписью не выдан: пока он ждал подписи, перед этим заявлением в очереди появились заявления с приоритетом. Откройте заявление и решите снова.
