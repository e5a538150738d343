import { registerInKazakh, registerInRussian } from "./parent-flow.ts";

/** A May day of the admission campaign (the tests move only this process's clock to it). */
export const CAMPAIGN_MAY = new Date("2026-05-15T04:00:00Z");

/** What a parent taps and reads on the way into the first-grade form, in each language. */
export const FIRST_GRADE_WORDS = {
  ru: {
    register: registerInRussian,
    service: "Приём в первый класс",
    more: /по кнопке «Подробнее»/,
    apply: "📝 Подать заявление",
    step: /Шаг 1 из/,
    parentOk: "✅ Данные верны, без эл. почты",
    whichChild: /Для какого ребёнка/,
    savedChild: "Сапаров Нұрлан, 1 класс",
    childName: /фамилию, имя и отчество ребёнка/,
    childIin: /ИИН ребёнка/,
    school: /Выберите область или город/,
    inbox: /Заявления/,
  },
  kk: {
    register: registerInKazakh,
    service: "Бірінші сыныпқа қабылдау",
    more: /«Толығырақ» батырмасында/,
    apply: "📝 Өтініш беру",
    step: /қадамның 1-қадамы/,
    parentOk: "✅ Деректер дұрыс, эл. поштасыз",
    whichChild: /қай бала үшін/,
    savedChild: "Сапаров Нұрлан, 1-сынып",
    childName: /Баланың тегін/,
    childIin: /Баланың ЖСН-ін/,
    school: /Облысты немесе қаланы таңдаңыз/,
    inbox: /Өтініштер/,
  },
} as const;
