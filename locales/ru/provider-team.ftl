# The school's team (/staff) and /help in the provider bot.

provider-command-staff = Сотрудники школы
provider-command-help = Что умеет бот
provider-team-title = 👥 <b>Сотрудники — { $school }</b>
provider-team-member = • { $name } — { $role }, с { $since }
provider-team-you = (вы)
provider-team-pending = Неиспользованных приглашений: { $count }
provider-team-director-hint = Чтобы пригласить специалиста, отправьте ему ссылку-приглашение. Отключите сотрудника, который больше не работает в школе: доступ к заявлениям закроется сразу.
provider-team-specialist-hint = Приглашать и отключать сотрудников может директор школы.
provider-team-button-invite = ➕ Пригласить специалиста
provider-team-button-off = 🚫 { $name }
provider-team-invite = 🔗 Ссылка-приглашение для специалиста организации образования «{ $school }». Она действует один раз, до { $date }. Перешлите её сотруднику:
    { $link }
provider-team-confirm-off = Отключить сотрудника <b>{ $name }</b> ({ $role })? Доступ к заявлениям школы закроется сразу.
provider-team-button-confirm-off = ✅ Отключить
provider-team-off-done = Доступ сотрудника { $name } к боту закрыт.
provider-team-not-director = Это может сделать только директор школы.
provider-team-not-found = Такого сотрудника в вашей школе нет.
provider-team-self = Отключить себя нельзя: обратитесь к оператору сервиса.
provider-team-already-off = Этот сотрудник уже отключён.
provider-help-specialist =
    ℹ️ <b>Что умеет бот</b>
    /inbox — заявления вашей школы: новые, в работе, просроченные, решённые в этом месяце. Откройте заявление, чтобы увидеть документы и подпись, зарегистрировать его, отказать с указанием причины или выдать результат.
    Чтобы найти заявление, напишите его номер, ИИН или фамилию.
    /report — отчёт школы за период в Excel.
    /stats — оценки родителей и их комментарии.
    /staff — сотрудники школы.
    /lang — язык бота.
    Каждое утро бот присылает сводку сроков рассмотрения.
provider-help-director =
    { provider-help-specialist }
    Как директор вы также отмечаете подписанные приказы, приглашаете специалистов и отключаете сотрудников (/staff); о просроченных заявлениях вам приходит отдельное уведомление.
