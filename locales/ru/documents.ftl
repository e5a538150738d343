# PDF documents (flows/documents). Dates are formatted in code as ДД.ММ.ГГГГ.

## Shared fields
doc-field-school = Организация образования
doc-field-parent = Услугополучатель
doc-field-child = Обучающийся
doc-field-full-name = Фамилия, имя, отчество
doc-field-iin = ИИН
doc-field-birth-date = Дата рождения
doc-field-grade = Класс
doc-grade-value = { $grade } класс
doc-field-phone = Телефон
doc-field-email = Электронная почта
doc-field-basis = Основание
doc-field-category = Категория
doc-field-period = Период
doc-period = с { $from } по { $to }
doc-school-bin = БИН { $bin }
doc-application-ref = Заявление № { $number } от { $date }
doc-number-date = № { $number } от { $date }
doc-date = Дата: { $date }
doc-issue-date = Дата выдачи: { $date }
doc-signature-hint = (подпись)
doc-page = Страница { $page } из { $pages }
doc-empty-value = —
doc-check-hint = Подлинность документа может проверить любое лицо: наведите камеру на QR-код или откройте указанный адрес и введите код проверки. На странице проверки указаны вид документа, его номер и дата, организация образования, действителен ли документ, контрольная сумма SHA-256 файла и инициалы обучающегося.
doc-check-code = Код проверки: { $code }

## Application statement (what the parent signs)
statement-to-director = Директору организации образования «{ $school }»
statement-title = ЗАЯВЛЕНИЕ
statement-request = Прошу оказать моему ребёнку государственную услугу «{ $service }».
statement-child-heading = Сведения о ребёнке
statement-answers-heading = Сведения, указанные в заявлении
statement-attachments-heading = Прилагаемые документы
statement-attachment-pages = { $pages ->
    [one] { $pages } лист
    [few] { $pages } листа
   *[many] { $pages } листов
}
statement-no-attachments = Документы не приложены
statement-consent = Подтверждаю достоверность представленных сведений. Даю согласие на сбор и обработку моих персональных данных и персональных данных моего ребёнка, необходимых для оказания услуги.
statement-signer = Услугополучатель

## Meals certificate
certificate-title = СПРАВКА
certificate-subtitle = о включении в список получателей бесплатного и льготного питания
certificate-body = Настоящая справка подтверждает, что указанный ниже обучающийся включён в список обучающихся, обеспечиваемых бесплатным и льготным питанием.
certificate-issued-by = Справку выдал(а)

## Receipt of documents (home schooling)
receipt-title = РАСПИСКА
receipt-subtitle = о приёме документов
receipt-body = Для оказания государственной услуги «{ $service }» от услугополучателя приняты следующие документы:
receipt-col-number = №
receipt-col-document = Наименование документа
receipt-col-pages = Количество листов
receipt-total = Всего документов: { $count }
receipt-accepted-by = Документы принял(а)
# A receipt issued the moment the application is sent: nobody at the school signed it.
doc-issuer-system = Информационная система школы
doc-issuer-system-position = автоматически в момент подачи заявления

## Notice of the director's order (home schooling)
order-title = УВЕДОМЛЕНИЕ
order-subtitle = о приказе директора об индивидуальном бесплатном обучении на дому
order-body = Сообщаем, что приказом директора № { $orderNumber } от { $orderDate } указанный ниже обучающийся переведён на индивидуальное бесплатное обучение на дому.
order-field-order = Приказ
order-field-period = Период обучения на дому
order-prepared-by = Уведомление подготовил(а)

## Reasoned refusal
refusal-title = МОТИВИРОВАННЫЙ ОТКАЗ
refusal-subtitle = в оказании государственной услуги
refusal-body = В оказании государственной услуги «{ $service }» по заявлению, указанному ниже, отказано по следующему основанию.
refusal-field-reason = Основание отказа
refusal-field-comment = Пояснение
refusal-appeal = Услугополучатель вправе обжаловать решение в вышестоящем органе (отдел или управление образования) либо в суде в порядке, установленном законодательством Республики Казахстан.
refusal-prepared-by = Отказ подготовил(а)
