# Support: a parent talks to an operator; operators work in forum topics of the staff group.

## The parent's side
support-opened =
    🆘 <b>Вы пишете в службу поддержки.</b>
    Опишите вопрос — оператор ответит здесь, в этом чате. Можно отправлять фото, документы и голосовые сообщения.
    Чтобы вернуться к боту раньше, нажмите «Завершить разговор».
# Said instead of support-opened when the support group is at Telegram's limit: the topic waits for it.
support-opened-queued =
    🆘 <b>Вы пишете в службу поддержки.</b>
    Обращение принято: операторы увидят его в течение нескольких минут. Опишите вопрос — ваши сообщения дойдут до оператора в том порядке, в каком вы их написали, а ответ придёт сюда, в этот чат.
    Чтобы вернуться к боту раньше, нажмите «Завершить разговор».
# Said after support-opened or support-opened-queued when a form is open.
support-opened-draft = Ваше заявление сохранено: после разговора бот продолжит с того же места.
support-already-open =
    Разговор с оператором уже идёт — просто напишите свой вопрос здесь.
    Чтобы вернуться к боту, нажмите «Завершить разговор».
support-busy =
    Сейчас вы говорите с оператором: команды и кнопки бота не работают до конца разговора (кроме /privacy — отзыва согласия на обработку персональных данных).
    Ваше сообщение оператору — просто напишите его. Чтобы вернуться к боту, нажмите «Завершить разговор».
support-busy-short = Сейчас идёт разговор с оператором. Сначала завершите его.
support-end-button = ✅ Завершить разговор
support-ended = Разговор с оператором завершён. Бот снова с вами — продолжим с того же места.
support-ended-idle = Разговор с оператором завершён. Бот снова с вами.
support-closed-undelivered = Оператор уже завершил разговор, поэтому это сообщение ему не передано. Если нужна помощь, снова откройте поддержку: /support
support-unavailable = Служба поддержки сейчас недоступна. Попробуйте позже — ваши ответы сохранены.
support-open-failed = Не удалось связаться со службой поддержки. Попробуйте ещё раз через минуту — ваши ответы сохранены.
support-relay-failed = Сообщение не удалось передать оператору. Отправьте его ещё раз через минуту.
# A message Telegram does not let a bot copy (a giveaway, paid media, a service message), sent while a ticket is open.
support-not-relayable = Такое сообщение нельзя передать оператору. Напишите вопрос текстом или пришлите фото либо файл.
# Said (through the outbox) when the ticket's topic could not be made for good after support-opened-queued: the ticket is closed.
support-unreached =
    ⚠️ Не удалось связаться со службой поддержки: операторы не получили ваше обращение и сообщения.
    Бот снова с вами — ваши ответы сохранены. Если нужна помощь, откройте поддержку ещё раз позже: /support
# Said (through the outbox) instead of support-unreached when the parent had ended the ticket before its topic could be made.
support-unreached-ended =
    ⚠️ Обращение в службу поддержки, которое вы завершили, не дошло до операторов: никто не видел ни его, ни ваших сообщений в нём.
    Если вопрос остался, откройте поддержку ещё раз: /support

## The operators' side (in the topic, in the parent's language)
support-topic-name = { $name } · № { $number }
support-card-title = 🆘 <b>Обращение № { $number }</b>
support-card-parent = Родитель: { $name }
support-card-telegram = Telegram: { $name } (id { $id })
support-card-lang = Язык: русский
support-card-apps = <b>Заявления:</b>
support-card-app = • № { $number } — { $service } — { $status }
support-card-no-apps = Заявлений пока нет.
support-card-where-stage = Сейчас: заявление № { $number } ({ $service }), { $step } · { $stage }
support-card-where-review = Сейчас: заявление № { $number } ({ $service }) на проверке перед подписанием
support-card-where-none = Сейчас не заполняет заявление.
support-card-operator = Оператор: { $name }
support-card-no-operator = Оператор: ещё никто не взял
support-card-closed = Закрыто.
support-card-hint = Ответы в этой теме получит родитель (без вашего имени). Сообщения, начинающиеся с «!», — внутренние заметки, родитель их не видит.
support-take-button = 🙋 Взять
support-close-button = ✅ Закрыть
support-taken = { $name } взял(а) обращение.
support-taken-answer = Обращение ваше.
support-taken-by-other = Обращение уже взял(а) { $name }.
# An alert to an administrator who remains anonymous (Telegram's "Remain anonymous" right) tapping Take or Close on the card.
support-anonymous-operator = Брать и закрывать обращения можно только под своим именем: выключите «Анонимность» в своих правах администратора группы и нажмите снова.
support-closed-by-operator = Обращение закрыто ({ $name }). Родитель вернулся к боту.
support-closed-by-parent = Родитель завершил разговор и вернулся к боту.
# The line in the topic when the parent withdrew their consent (/privacy) during the conversation: it ended with it.
support-closed-by-withdrawal = 🔒 Родитель отозвал согласие на обработку своих персональных данных, разговор завершён. Не пишите ему сами: отвечайте, только если он снова обратится в поддержку.
support-already-closed = Обращение уже закрыто.
support-topic-closed-hint = Обращение закрыто: родитель не получает сообщения из этой темы. Если он напишет в поддержку снова, тема откроется.
support-topic-recreated = Прежняя тема этого обращения была удалена — переписка продолжается здесь.
support-reminder = ⏰ Родитель ждёт ответа больше { $minutes } минут.
support-parent-blocked = ⛔ Родитель заблокировал бота: сообщение не доставлено. Он получит ответы, только если снова напишет боту.
support-operator-relay-failed = ⚠️ Сообщение не доставлено родителю: Telegram не принял его. Отправьте его ещё раз через минуту.
support-parent-not-told = ⛔ Родитель заблокировал бота и не узнал о закрытии обращения.
support-operator-edited = ✏️ Оператор исправил своё сообщение, теперь оно такое:
support-note-already-sent = ⚠️ Это сообщение уже отправлено родителю: знак «!», поставленный после, его не отзывает.
support-forward-kept = ↪️ Пересланное сообщение родителю не отправлено: оно могло быть внутренним. Чтобы передать его содержание, напишите или приложите его сами.
# Under a message an operator posted in a ticket's topic as a channel (Telegram's "Send as"): not relayed, nobody's to name.
support-channel-not-relayed = ⚠️ Сообщение от имени канала родителю не передано: бот передаёт только сообщения, написанные от вашего имени. Нажмите на аватар рядом с полем ввода, выберите себя и отправьте сообщение снова.
support-parent-edited = ✏️ Родитель исправил своё сообщение, теперь оно такое:
