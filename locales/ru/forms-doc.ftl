# docs/FORMS.md (flows/form/describe.ts): what each form asks, for readers of no code.
forms-doc-language = Русский
forms-doc-col-n = №
forms-doc-col-stage = Шаг
forms-doc-col-asked = Вопрос
forms-doc-col-named = Как назван ответ в заявлении
forms-doc-col-when = Когда задаётся
forms-doc-always = всегда
forms-doc-profile = из профиля, если он заполнен
forms-doc-derived = вычисляется, не спрашивается
forms-doc-offer = предлагается одним нажатием
forms-doc-skip = можно пропустить
forms-doc-contact = только своим контактом Telegram
forms-doc-required = обязательный документ
forms-doc-age = если в году приёма ребёнку к { $minDay } не исполнится { $min ->
    [one] { $min } год
    [few] { $min } года
   *[other] { $min } лет
  } или на { $maxDay } ему будет больше { $max ->
    [one] { $max } года
   *[other] { $max } лет
  }
