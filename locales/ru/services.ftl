# Public services: catalog pages, questions, documents, refusal reasons.

## Free and subsidised school meals

services-meals-title = Бесплатное и льготное питание в школе
services-meals-official-name = Предоставление бесплатного и льготного питания отдельным категориям обучающихся и воспитанников в общеобразовательных школах
services-meals-summary = Бесплатное горячее питание в школе для учеников из семей, которым положена поддержка.
services-meals-eligibility =
    Право на бесплатное и льготное питание имеют ученики 1–11 классов:
    • из семей, получающих адресную социальную помощь (АСП);
    • из малообеспеченных семей, не получающих АСП, если доход на человека ниже прожиточного минимума;
    • дети-сироты и дети, оставшиеся без попечения родителей;
    • из многодетных семей;
    • дети с инвалидностью;
    • из семей, пострадавших от чрезвычайной ситуации.
services-meals-documents =
    Понадобятся:
    • свидетельство о рождении ребёнка (фото или PDF);
    • документ, подтверждающий категорию: справка о назначении АСП, сведения о доходах семьи, решение органа опеки, документ о статусе многодетной семьи, справка об инвалидности ребёнка или документ о чрезвычайной ситуации.
services-meals-term = Срок рассмотрения — 5 рабочих дней со дня регистрации заявления в школе.
services-meals-result = Справка о включении в список получателей бесплатного и льготного питания или мотивированный отказ. Ответ придёт в этот чат.
services-meals-how-to-apply = Выберите услугу, ответьте на вопросы бота, загрузите фото документов и подпишите заявление ЭЦП (или отправьте фото подписанного бумажного заявления). Школа зарегистрирует заявление, а о каждом шаге вы узнаете здесь.

services-meals-field-category = К какой категории относится ребёнок?
services-meals-field-category-hint = Выберите одну категорию — понадобится документ, который её подтверждает.
services-meals-label-category = Категория обучающегося
services-meals-category-asp = Семья получает АСП
services-meals-category-low-income = Малообеспеченная семья без АСП
services-meals-category-orphan = Ребёнок-сирота или без попечения родителей
services-meals-category-large-family = Многодетная семья
services-meals-category-disability = Ребёнок с инвалидностью
services-meals-category-emergency = Семья пострадала от ЧС
services-meals-category-asp-official = Дети из семей, получающих адресную социальную помощь
services-meals-category-low-income-official = Дети из семей, не получающих адресную социальную помощь, в которых среднедушевой доход ниже величины прожиточного минимума
services-meals-category-orphan-official = Дети-сироты и дети, оставшиеся без попечения родителей
services-meals-category-large-family-official = Дети из многодетных семей
services-meals-category-disability-official = Дети с инвалидностью
services-meals-category-emergency-official = Дети из семей, требующих экстренной помощи в результате чрезвычайных ситуаций

services-meals-doc-birth-certificate = Свидетельство о рождении ребёнка
services-meals-doc-birth-certificate-hint = Сфотографируйте свидетельство целиком, чтобы были видны все данные, или отправьте PDF.
services-meals-doc-asp-certificate = Справка о назначении адресной социальной помощи
services-meals-doc-asp-certificate-hint = Справку выдаёт отдел занятости и социальных программ; её также можно получить на egov.kz.
services-meals-doc-income-statement = Сведения о доходах членов семьи
services-meals-doc-income-statement-hint = Справки о доходах каждого работающего члена семьи за последние три месяца.
services-meals-doc-guardianship-decision = Решение органа опеки и попечительства
services-meals-doc-guardianship-decision-hint = Решение об установлении опеки (попечительства) или о передаче ребёнка в патронатную или приёмную семью.
services-meals-doc-large-family-certificate = Документ о статусе многодетной семьи
services-meals-doc-large-family-certificate-hint = Справка о многодетной семье или свидетельства о рождении всех несовершеннолетних детей.
services-meals-doc-disability-certificate = Справка об инвалидности ребёнка
services-meals-doc-disability-certificate-hint = Справка медико-социальной экспертизы об установлении инвалидности.
services-meals-doc-emergency-certificate = Документ о чрезвычайной ситуации
services-meals-doc-emergency-certificate-hint = Справка акимата или органа по чрезвычайным ситуациям о том, что семья пострадала.

services-meals-refusal-category-not-confirmed = Приложенный документ не подтверждает выбранную категорию.

## Individual home schooling for health reasons

services-home-schooling-title = Индивидуальное бесплатное обучение на дому
services-home-schooling-official-name = Прием документов для организации индивидуального бесплатного обучения на дому детей, которые по состоянию здоровья в течение длительного времени не могут посещать организации начального, основного среднего, общего среднего образования
services-home-schooling-summary = Обучение на дому для детей, которые по состоянию здоровья временно или постоянно не могут посещать школу.
services-home-schooling-eligibility = Обучение на дому организуют для учеников, которым врачебно-консультационная комиссия (ВКК) рекомендовала его по состоянию здоровья.
services-home-schooling-documents = Понадобится заключение врачебно-консультационной комиссии: его номер, дата и фото или PDF. Заключение должно быть выдано не более года назад.
services-home-schooling-term = Школа принимает документы в течение 1 рабочего дня после регистрации заявления, затем директор подписывает приказ.
services-home-schooling-result = Расписка о приёме документов, затем уведомление о приказе директора об организации обучения на дому.
services-home-schooling-how-to-apply = Выберите услугу, ответьте на вопросы бота, загрузите фото заключения ВКК и подпишите заявление ЭЦП (или отправьте фото подписанного бумажного заявления). Расписку и уведомление о приказе вы получите в этом чате.

services-home-schooling-field-conclusion-number = Введите номер заключения ВКК.
services-home-schooling-field-conclusion-number-hint = Номер указан в верхней части заключения, например: № 125.
services-home-schooling-field-conclusion-date = Введите дату заключения ВКК (ДД.ММ.ГГГГ).
services-home-schooling-field-conclusion-date-hint = Заключение должно быть выдано не раньше чем год назад.
services-home-schooling-label-conclusion-number = Номер заключения ВКК
services-home-schooling-label-conclusion-date = Дата заключения ВКК

services-home-schooling-doc-commission-conclusion = Заключение врачебно-консультационной комиссии
services-home-schooling-doc-commission-conclusion-hint = Сфотографируйте все страницы заключения с подписями и печатью или отправьте PDF.

services-home-schooling-refusal-conclusion-expired = Заключение ВКК выдано больше года назад — нужно новое заключение.

## Reasons to refuse an application as incomplete (all services)

services-refusal-missing-document = Не приложен обязательный документ.
services-refusal-unreadable-copy = Копию документа невозможно прочитать: сфотографируйте его заново при хорошем освещении.
services-refusal-expired-document = Срок действия документа истёк.
services-refusal-data-mismatch = Данные в заявлении не совпадают с данными в документах.
services-refusal-wrong-school = Ребёнок не учится в этой школе: подайте заявление в свою школу.

## Refusal reasons as buttons: a few words each
services-refusal-missing-document-short = Нет обязательного документа
services-refusal-unreadable-copy-short = Копия нечитаема
services-refusal-expired-document-short = Срок документа истёк
services-refusal-data-mismatch-short = Данные не совпадают
services-refusal-wrong-school-short = Ребёнок не из этой школы
services-meals-refusal-category-not-confirmed-short = Категория не подтверждена
services-home-schooling-refusal-conclusion-expired-short = Заключение ВКК устарело

services-first-grade-title = Приём в первый класс
services-first-grade-official-name = Прием документов и зачисление в организации образования независимо от ведомственной подчиненности для обучения по общеобразовательным программам начального, основного среднего, общего среднего образования
services-first-grade-summary = Заявление о приёме ребёнка в 1 класс: школа выдаёт расписку о приёме документов, затем — приказ о зачислении до 31 августа.
services-first-grade-eligibility = Заявление подаёт родитель или другой законный представитель. В 1 класс принимают детей, которым в году приёма (по 31 декабря включительно) исполняется 6 лет, и детей, которым на 1 сентября 7 лет; младше или старше — по заключению комиссии.
services-first-grade-documents = Паспорт здоровья ребёнка (форма № 026/у-3), карта профилактических прививок (форма № 063/у), фотография ребёнка 3×4 см. При приоритете по месту жительства — документ о месте жительства, для социальной категории — документ о статусе. Свидетельство о рождении — только если ребёнок родился за пределами Казахстана.
services-first-grade-term = Заявления принимаются с 1 апреля по 31 августа включительно. Расписку школа выдаёт в течение 1 рабочего дня, приказ о зачислении — не позднее 31 августа.
services-first-grade-result = Расписка о приёме документов, затем уведомление о приказе о зачислении или мотивированный отказ. Каждый документ можно проверить по QR-коду.
services-first-grade-how-to-apply = Выберите услугу, ответьте на вопросы бота, загрузите фото документов и подпишите заявление ЭЦП (или отправьте фото подписанного бумажного заявления). Расписку и приказ вы получите в этом чате.
services-first-grade-child-age = По этому ИИН ребёнок родился { $date }. Заявление о приёме в 1 класс можно подать, только если ребёнку от { $min } до { $max } лет. Сверьте ИИН ребёнка со свидетельством о рождении и введите ещё раз.

services-first-grade-field-age-reason = В 1 класс принимают детей, которым в этом году исполняется 6 лет, и детей, которым на 1 сентября 7 лет. Ваш ребёнок младше или старше. Почему он поступает в этом году?
services-first-grade-field-age-reason-hint = Ребёнка младше или старше этого возраста принимают по заключению психолого-медико-педагогической консультации или врачебно-консультационной комиссии: его нужно будет приложить.
services-first-grade-label-age-reason = Основание приёма раньше или позже установленного возраста
services-first-grade-age-reason-early = Раньше: ребёнок готов к школе
services-first-grade-age-reason-early-official = досрочный приём по заключению о готовности к обучению
services-first-grade-age-reason-late = Позже: по состоянию здоровья
services-first-grade-age-reason-late-official = приём после отсрочки по состоянию здоровья
services-first-grade-field-priority = Есть ли у вас приоритет при зачислении?
services-first-grade-field-priority-hint = Дети, живущие на территории, закреплённой за школой, и дети из социально уязвимых категорий зачисляются в первую очередь.
services-first-grade-label-priority = Приоритет при зачислении
services-first-grade-priority-area = Живём рядом со школой
services-first-grade-priority-area-official = проживание на территории обслуживания школы
services-first-grade-priority-social = Социальная категория
services-first-grade-priority-social-official = социально уязвимая категория (АСП, многодетная семья, сирота, инвалидность)
services-first-grade-priority-none = Нет приоритета
services-first-grade-priority-none-official = без приоритета
services-first-grade-field-born-abroad = Ребёнок родился за пределами Казахстана?
services-first-grade-field-born-abroad-hint = Если ребёнок родился в Казахстане, свидетельство о рождении не нужно: школа проверит данные по ИИН.
services-first-grade-label-born-abroad = Место рождения ребёнка
services-first-grade-born-abroad-no = Нет, в Казахстане
services-first-grade-born-abroad-no-official = Республика Казахстан
services-first-grade-born-abroad-yes = Да, за рубежом
services-first-grade-born-abroad-yes-official = за пределами Республики Казахстан

services-first-grade-doc-vaccination-card = Карта профилактических прививок (форма № 063/у)
services-first-grade-doc-vaccination-card-hint = Выдаёт поликлиника. Сфотографируйте все заполненные страницы или отправьте PDF.
services-first-grade-doc-health-passport = Паспорт здоровья ребёнка (форма № 026/у-3)
services-first-grade-doc-health-passport-hint = Выдаёт поликлиника после медосмотра. Сфотографируйте все страницы или отправьте PDF.
services-first-grade-doc-photo = Фотография ребёнка 3×4 см
services-first-grade-doc-photo-hint = Цветное фото на светлом фоне, как на документы.
services-first-grade-doc-age-conclusion = Заключение комиссии о приёме раньше или позже установленного возраста
services-first-grade-doc-age-conclusion-hint = Заключение психолого-медико-педагогической консультации или врачебно-консультационной комиссии.
services-first-grade-doc-residence = Документ о месте жительства
services-first-grade-doc-residence-hint = Адресная справка или другой документ, подтверждающий, что вы живёте на территории, закреплённой за школой.
services-first-grade-doc-status = Документ о социальном статусе
services-first-grade-doc-status-hint = Справка о получении АСП, удостоверение многодетной семьи, решение об опеке или справка об инвалидности.
services-first-grade-doc-birth-certificate = Свидетельство о рождении ребёнка
services-first-grade-doc-birth-certificate-hint = Свидетельство, выданное за рубежом: все страницы, с переводом, если оно не на казахском или русском языке.

services-first-grade-refusal-no-places = В первых классах школы нет свободных мест: обратитесь в отдел образования или в другую школу.
services-first-grade-refusal-no-places-short = Нет свободных мест
services-first-grade-refusal-age = Возраст ребёнка не соответствует правилам приёма в 1 класс, а заключение комиссии не приложено.
services-first-grade-refusal-age-short = Возраст не подходит

services-first-grade-order-subtitle = о приказе директора о зачислении в 1 класс
services-first-grade-order-body = Сообщаем, что приказом директора № { $orderNumber } от { $orderDate } указанный ниже ребёнок зачислен в { $grade } класс на { $schoolYear } учебный год.
