# Ratings: the parent rates a decided application once; staff see /stats.

notify-rating-ask = Как школа рассмотрела ваше заявление № { $number } («{ $service }»)? Оцените от 1 (плохо) до 5 (отлично) — это займёт одно касание и поможет школе работать лучше.
rating-thanks-short = Спасибо за оценку!
rating-thanks = Спасибо! Ваша оценка: { $score }. Если хотите, добавьте комментарий — его прочитают в школе.
rating-add-comment = ✍️ Добавить комментарий
rating-ask-comment = Напишите комментарий одним сообщением (до { $max } символов).
rating-comment-invalid = Напишите комментарий текстом, не длиннее { $max } символов.
rating-comment-late = Время для комментария истекло, поэтому сообщение не передано школе. Чтобы оставить комментарий, нажмите «✍️ Добавить комментарий» и отправьте его снова.
rating-comment-thanks = Спасибо, комментарий передан школе.
rating-comment-already = Вы уже оставили комментарий к этой оценке. Спасибо!
rating-already = Вы уже оценили это заявление. Спасибо!
rating-revoked = Школа отозвала документ, выданный по этому заявлению: оценивать нечего.
provider-command-stats = Оценки родителей
provider-stats-title = ⭐ <b>Оценки родителей — { $school }</b>
provider-stats-none = Оценок пока нет: родители оценивают заявление после решения по нему.
provider-stats-average = Средняя оценка: <b>{ $average }</b> из 5 ({ $count ->
    [one] { $count } оценка
    [few] { $count } оценки
   *[many] { $count } оценок
})
provider-stats-by-score = { $score } ⭐ — { $count }
provider-stats-comments = Последние комментарии:
provider-stats-comment = • { $score } ⭐, { $date }, заявление № { $number }: «{ $comment }»
# Ratings given before the school revoked the decision's document: not in the average, the spread or the comments.
provider-stats-revoked = Не учтены оценки по заявлениям, документ по которым школа отозвала: { $count }.
