# Notifications from the outbox: to parents (parent bot, email) and to school staff (provider bot).

notify-status = <b>№ { $number } өтініш</b> ({ $service }): { $status }
notify-parent-registered = Мектеп өтінішті қарауға қабылдады. Шешім қабылдау мерзімі: { $deadline }.
notify-parent-refused = Мектеп өтінішті төменде көрсетілген себеппен қабылдаудан бас тартты. Кемшілікті түзетіп, өтінішті қайта беріңіз.
# A refusal whose reason points at the school (no places, the wrong school): nothing to correct.
notify-parent-refused-school = Мектеп төменде көрсетілген себеппен бас тартты. Өтініште ештеңені түзетудің қажеті жоқ: өтінішті басқа мектепке беруіңізге болады. Баланы мектепке қабылдаудан бас тартылған жағдайда тұрғылықты жеріңіз бойынша білім беруді басқарудың жергілікті органына жүгінуге құқығыңыз бар.
notify-parent-completed = Дайын құжат осы хабарламаға қоса берілген.
notify-parent-completed-awaiting-order = Құжаттар қабылданды: құжаттарды қабылдау туралы қолхат осы хабарламаға қоса берілген. Келесі қадам — директордың бұйрығы; ол туралы хабарлама осында және электрондық поштаңызға (егер көрсеткен болсаңыз) келеді.
notify-parent-rejected = Мектеп қызмет көрсетуден дәлелді түрде бас тартты.
notify-parent-order-signed = Директор бұйрыққа қол қойды. Бұйрық туралы хабарлама қоса берілген.
# A registered application past its deadline, undecided: told once, by the morning digest's run.
notify-parent-overdue = ⚠️ <b>№ { $number }</b> өтінішті ({ $service }) қарау мерзімі { $deadline } күні өтті, бірақ мектеп әлі шешім қабылдаған жоқ.
# Only when the school has staff, whose morning digest lists the application.
notify-parent-overdue-reminded = Мектепке мерзім туралы еске салу жіберілді.
notify-parent-overdue-support = Егер жауап әлі де келмесе, қолдау қызметіне жазыңыз: /support.
# Before the notices that could not reach a parent who had blocked the bot, sent once they unblock it.
notify-parent-unblocked = 🔔 Бот бұғатталып тұрған кезде өтініштеріңіз бойынша болған өзгерістер төменде.
notify-reason = <b>Себебі:</b> { $reason }
notify-comment = <b>Маманның түсініктемесі:</b> { $comment }
notify-text-cut = ✂️ Мұнда мәтін қысқартылды: толық нұсқасы қоса берілген құжатта және өтініште («Өтінішті ашу» батырмасы).
notify-button-open = Өтінішті ашу
notify-button-open-staff = Өтінішті ашу
notify-button-send-to-school = Мектепке жіберу
notify-staff-submitted = 📥 Жаңа өтініш <b>№ { $number }</b>: { $service }.
# A service whose result is given at once: the send issued the receipt already.
notify-staff-submitted-at-once = 📥 Жаңа өтініш <b>№ { $number }</b>: { $service }. Құжаттарды қабылдау туралы қолхат өтініш берушіге автоматты түрде берілді; өтініш директордың бұйрығын күтуде (/orders).
notify-staff-cancelled = Өтініш беруші <b>№ { $number }</b> өтінішті кері қайтарып алды ({ $service }).
notify-signing-valid = № { $number } өтініштегі қолтаңба тексерілді, бәрі дұрыс. Енді өтінішті мектепке жіберуге болады.
notify-signing-invalid = № { $number } өтініштегі қолтаңба тексеруден өтпеді. Өтінішке қайта қол қойыңыз.
notify-digest-title = 🗓 <b>Мерзімдер бойынша шолу, { $date }</b>
notify-digest-overdue = ⚠️ <b>Мерзімі өткен: { $count }</b>
notify-digest-due-today = ⏰ <b>Бүгін мерзімі бітеді: { $count }</b>
notify-digest-item = • № { $number }, { $service } — мерзімі { $deadline }
notify-digest-more = … тағы өтініштер: { $count }. Өтініштердің толық тізімі: /inbox
notify-digest-open = № { $number } өтінішті ашу
notify-escalation = ⚠️ <b>№ { $number }</b> өтініштің ({ $service }) қарау мерзімі өтіп кетті ({ $deadline }). Өтініштің орындалуын бақылауға алыңыз.
notify-email-subject = № { $number } өтініш: { $status }
notify-email-body = Сәлеметсіз бе!

    № { $number } өтініш бойынша ({ $service }) жаңа мәртебе: { $status }.
    Құжат осы хатқа PDF түрінде қоса берілген.

    Бұл хат автоматты түрде жіберілді, оған жауап бермеңіз.

notify-revoked = № { $number } өтініш ({ $service }) бойынша берілген № { $document } құжатты мектеп кері қайтарып алды. Құжат енді жарамсыз: оның коды бойынша тексеру беті кері қайтарып алынғанын көрсетеді.
notify-issued-copy = 📎 Сіз берген құжаттың көшірмесі: <b>№ { $number }</b> өтініш ({ $service }), { $status }.
notify-issued-copy-revoked = 📎 Мектеп <b>№ { $number }</b> өтініш ({ $service }) бойынша сіз берген № { $document } құжатты { $date } кері қайтарып алды, сондықтан оның көшірмесі қоса берілмейді.
notify-signed-eds = ✍️ Құжатқа білім беру ұйымының атынан ЭЦҚ-мен қол қойылған: { $name }, { $position }. Қолтаңба тексерілді; қолтаңба файлын құжаттағы QR-код арқылы ашылатын тексеру бетінен жүктеп алуға болады.
notify-staff-signing-invalid = ❌ <b>№ { $number }</b> өтініш бойынша «{ $kind }» № { $document } құжатына қойылған қолтаңба қабылданбады, құжат берілген жоқ.
notify-button-new-sign-link = ✍️ Жаңа сілтеме алу
notify-staff-signing-not-pending = ❌ <b>№ { $number }</b> өтініш бойынша осы уақытта басқа шешім қабылданды, сондықтан сіз қол қойған «{ $kind }» № { $document } құжаты берілген жоқ.
notify-staff-signing-result-revoked = ❌ Сіз қол қойған <b>№ { $number }</b> өтініш бойынша «{ $kind }» № { $document } құжаты берілген жоқ: ол қол қоюды күтіп тұрғанда ол негізделетін құжат (қолхат) кері қайтарып алынды.
notify-staff-signing-places-not-set = ❌ Сіз қол қойған <b>№ { $number }</b> өтініш бойынша «{ $kind }» № { $document } құжаты берілген жоқ: жылдағы орын саны көрсетілмеген. Оны көрсетіп (/orders → «🔢 Орын саны»), бұйрықты қайта беріңіз.
notify-staff-signing-no-places = ❌ Сіз қол қойған <b>№ { $number }</b> өтініш бойынша «{ $kind }» № { $document } құжаты берілген жоқ: ол қол қоюды күтіп тұрғанда жылдағы барлық орын оқуға қабылдау туралы бұйрықтармен толып қойды.
notify-staff-signing-enrolled-elsewhere = ❌ Сіз қол қойған <b>№ { $number }</b> өтініш бойынша «{ $kind }» № { $document } құжаты берілген жоқ: ол қол қоюды күтіп тұрғанда бала басқа мектепке бұйрықпен қабылданды.
notify-staff-signing-out-of-turn = ❌ Сіз қол қойған <b>№ { $number }</b> өтініш бойынша «{ $kind }» № { $document } құжаты берілген жоқ: ол қол қоюды күтіп тұрғанда кезекте бұл өтініштің алдына басымдығы бар өтініштер келді. Өтінішті ашып, қайта шешім қабылдаңыз.
