# Application statuses, actions and why an action is not possible.

lifecycle-status-draft = Черновик
lifecycle-status-signed = Подписано
lifecycle-status-submitted = Отправлено в школу
lifecycle-status-registered = Зарегистрировано
lifecycle-status-completed = Результат выдан
lifecycle-status-refused = Отказано в приёме заявления
lifecycle-status-refused-incomplete = Отказано в приёме: неполный пакет документов
lifecycle-status-refused-unreadable = Отказано в приёме: копию документа невозможно прочитать
lifecycle-status-refused-mismatch = Отказано в приёме: сведения не подтверждаются документами
lifecycle-status-refused-wrong-school = Отказано в приёме: заявление подано не в ту школу
lifecycle-status-refused-no-places = Отказано в зачислении: нет свободных мест в классе
lifecycle-status-refused-age = Отказано в зачислении: возраст ребёнка не соответствует правилам приёма
lifecycle-status-completed-awaiting-order = Документы приняты, ожидается приказ директора
lifecycle-status-rejected = Мотивированный отказ
lifecycle-status-cancelled = Отозвано заявителем
lifecycle-status-order-signed = Приказ подписан

lifecycle-action-sign = Подписать
lifecycle-action-send = Отправить в школу
lifecycle-action-cancel = Отозвать заявление
lifecycle-action-register = Зарегистрировать
lifecycle-action-refuse = Отказать в приёме
lifecycle-action-issue = Выдать результат
lifecycle-action-reject = Мотивированный отказ
lifecycle-action-order = Подписать приказ

lifecycle-denied-not-allowed-from-status = В текущем статусе заявления это действие недоступно.
lifecycle-denied-forbidden-for-actor = У вас нет права выполнить это действие.
lifecycle-denied-reason-required = Укажите причину.
lifecycle-denied-unknown-reason = Выберите причину из списка.
lifecycle-denied-not-offered-by-service = Для этой услуги такое действие не предусмотрено.
lifecycle-denied-closed-period = Срок приёма заявлений по этой услуге истёк или ещё не начался.
lifecycle-denied-no-consent = Согласие на обработку персональных данных отозвано.
