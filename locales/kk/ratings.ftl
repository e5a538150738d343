# Ratings: the parent rates a decided application once; staff see /stats.

notify-rating-ask = Мектеп сіздің № { $number } өтінішіңізді («{ $service }») қалай қарады? 1-ден (нашар) 5-ке (өте жақсы) дейін бағалаңыз — бұл бір ғана басуды алады және мектептің жұмысын жақсартуға көмектеседі.
rating-thanks-short = Бағаңызға рақмет!
rating-thanks = Рақмет! Сіздің бағаңыз: { $score }. Қаласаңыз, пікір қосыңыз — оны мектепте оқиды.
rating-add-comment = ✍️ Пікір қосу
rating-ask-comment = Пікіріңізді бір хабарламамен жазыңыз ({ $max } таңбадан аспауы керек).
rating-comment-invalid = Пікірді мәтінмен жазыңыз, ұзындығы { $max } таңбадан аспауы керек.
rating-comment-late = Пікір жазу уақыты өтіп кетті, сондықтан хабарлама мектепке жіберілмеді. Пікір қалдыру үшін «✍️ Пікір қосу» батырмасын басып, оны қайта жіберіңіз.
rating-comment-thanks = Рақмет, пікіріңіз мектепке жіберілді.
rating-comment-already = Сіз бұл бағаға пікір қалдырып қойдыңыз. Рақмет!
rating-already = Сіз бұл өтінішті бағалап қойдыңыз. Рақмет!
rating-revoked = Мектеп осы өтініш бойынша берілген құжатты кері қайтарып алды: бағалайтын ештеңе жоқ.
provider-command-stats = Ата-аналардың бағалары
provider-stats-title = ⭐ <b>Ата-аналардың бағалары — { $school }</b>
provider-stats-none = Әзірге бағалар жоқ: ата-аналар өтінішті ол бойынша шешім қабылданғаннан кейін бағалайды.
provider-stats-average = Орташа баға: 5-тен <b>{ $average }</b> (бағалар саны: { $count })
provider-stats-by-score = { $score } ⭐ — { $count }
provider-stats-comments = Соңғы пікірлер:
provider-stats-comment = • { $score } ⭐, { $date }, № { $number } өтініш: «{ $comment }»
# Ratings given before the school revoked the decision's document: not in the average, the spread or the comments.
provider-stats-revoked = Құжаты мектеп тарапынан кері қайтарып алынған өтініштердің бағалары есепке алынбады: { $count }.
