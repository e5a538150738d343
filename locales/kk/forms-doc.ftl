# docs/FORMS.md (flows/form/describe.ts): what each form asks, for readers of no code.
forms-doc-language = Қазақша
forms-doc-col-n = №
forms-doc-col-stage = Қадам
forms-doc-col-asked = Сұрақ
forms-doc-col-named = Жауаптың өтініштегі атауы
forms-doc-col-when = Қашан қойылады
forms-doc-always = әрқашан
forms-doc-profile = профильде болса, сол жерден алынады
forms-doc-derived = есептеледі, сұралмайды
forms-doc-offer = бір басумен ұсынылады
forms-doc-skip = өткізіп жіберуге болады
forms-doc-contact = тек өз Telegram контактісімен
forms-doc-required = міндетті құжат
forms-doc-age = қабылдау жылында бала { $minDay } күніне дейін { $min } жасқа толмаса немесе { $maxDay } күні { $max } жастан үлкен болса
