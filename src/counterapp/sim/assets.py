"""Real estate and sole proprietorships (个体工商户) of the synthetic population.

Homes belong mostly to household heads, often owned jointly with the spouse (共同共有)
when bought during the marriage, sometimes in shares with a grown child (按份共有); some
people also own a second flat, a shop or a parking space. About three in a hundred adults
run a sole proprietorship registered in their county, a few of them since closed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from counterapp.sim.households import PeopleFactory, PersonDraft
from counterapp.sim.identifiers import IdentifierRegistry
from counterapp.sim.marriages import MARRIAGE, MarriageRegistry, add_years
from counterapp.sim.model import Business, Property

_UNIFIED_REGISTRATION = date(2016, 1, 1)  # unified real-estate certificates since 2015–16
_TRADES = (
    ("面馆", "餐饮服务"), ("小吃店", "餐饮服务；食品销售"), ("便利店", "食品销售；日用百货销售"),
    ("理发店", "理发服务"), ("五金店", "五金产品零售"), ("家电维修部", "日用电器修理"),
    ("服装店", "服装服饰零售"), ("水果店", "食用农产品零售"), ("快递服务部", "快递代收服务"),
    ("手机维修店", "通讯设备修理"), ("烟酒商行", "烟草制品零售；酒类经营"), ("茶叶店", "茶叶零售"),
    ("花店", "花卉零售"), ("洗衣店", "洗染服务"), ("汽车美容店", "机动车清洗服务"),
    ("文具店", "文具用品零售；图书零售"),
)  # fmt: skip
_SHOP_NAMES = (
    "鑫源", "福满", "好运", "阿芳", "老街", "兴旺", "佳美", "顺心", "和顺", "小林", "开心",
    "惠民", "金点", "乐家", "百味",
)  # fmt: skip


class AssetBuilder:
    """Creates properties and businesses for the people of a :class:`PeopleFactory`.

    Args:
        factory: the people and households.
        identifiers: issues certificate, unit and credit code numbers.
        marriages: the marriage events, to find spouses and wedding days.
    """

    def __init__(
        self, factory: PeopleFactory, identifiers: IdentifierRegistry, marriages: MarriageRegistry
    ) -> None:
        self.f = factory
        self.rng = factory.rng
        self.ids = identifiers
        self.marriages = marriages
        self.properties: dict[str, list[Property]] = {}
        self.businesses: dict[str, Business] = {}
        self.businesses_by_operator: dict[str, list[str]] = {}

    def build(self) -> None:
        """Create everyone's properties and businesses, household by household."""
        for hh in self.f.households:
            living = [p for p in hh.members if self.f.age(p.birth) >= 18]
            if not living:
                continue
            head = hh.members[0]
            if head in living:
                self._head_properties(head, [p for p in living if p is not head])
            for p in living:
                if p is not head and p.relation in ("子", "女") and self.rng.random() < 0.08:
                    self._add(hh.county.street_address(self.rng), "住宅", (p,), "单独所有")
                if (
                    self.f.age(p.birth) >= 20
                    and self.f.age(p.birth) < 66
                    and self.rng.random() < 0.03
                ):
                    self._business(p)

    # -- real estate ----------------------------------------------------------------------

    def _head_properties(self, head: PersonDraft, others: list[PersonDraft]) -> None:
        rng = self.rng
        age = self.f.age(head.birth)
        if rng.random() >= (0.3 if age < 28 else 0.7 if age < 40 else 0.8):
            return
        spouse, wedding = self._spouse(head)
        c = head.county
        if spouse is not None and spouse in others and rng.random() < 0.85:
            owners, share = (head, spouse), "共同共有"
        else:
            grown = [p for p in others if p.relation in ("子", "女") and self.f.age(p.birth) >= 22]
            if grown and rng.random() < 0.15:
                owners, share = (head, grown[0]), "按份共有"
            else:
                owners, share, wedding = (head,), "单独所有", None
        self._add(head.household.address, "住宅", owners, share, wedding)
        if rng.random() < 0.2:
            use = "商业" if rng.random() < 0.3 else "住宅"
            address = c.shop_address(rng) if use == "商业" else c.street_address(rng)
            self._add(address, use, owners, share, wedding)
        if rng.random() < 0.25:
            self._add(c.parking_address(rng), "车位", owners, share, wedding)

    def _spouse(self, p: PersonDraft) -> tuple[PersonDraft | None, date | None]:
        """The person's living spouse among the household members and the wedding day."""
        events = self.marriages.events.get(p.id_number)
        if not events or events[-1].kind != MARRIAGE:
            return None, None
        for other in p.household.members:
            if other.id_number == events[-1].spouse_id:
                return other, events[-1].date
        return None, None

    def _add(
        self,
        address: str,
        use: str,
        owners: tuple[PersonDraft, ...],
        share: str,
        wedding: date | None = None,
    ) -> None:
        """Register one property for its owners, after all are adult (and married, if joint)."""
        rng = self.rng
        c = owners[0].county
        earliest = max(
            [_UNIFIED_REGISTRATION, *(add_years(o.birth, 20) for o in owners)]
            + ([wedding] if wedding else [])
        )
        if earliest >= self.f.today:
            return
        registered = date.fromordinal(rng.randint(earliest.toordinal(), self.f.today_ord - 1))
        year = registered.year
        series = f"{c.province_abbreviation}({year}){c.certificate_city}不动产权"
        number = f"{series}第{self.ids.next_in_sequence(series, 7)}号"
        low, high = {"住宅": (4500, 16000), "商业": (2500, 20000), "车位": (1200, 1800)}[use]
        area = Decimal(rng.randint(low, high)).scaleb(-2)
        owner_ids = tuple(o.id_number for o in owners)
        record = Property(
            number,
            self.ids.real_estate_unit(c.code),
            address,
            area,
            use,
            registered,
            owner_ids,
            share,
        )
        for o in owner_ids:
            self.properties.setdefault(o, []).append(record)

    # -- sole proprietorships -------------------------------------------------------------

    def _business(self, p: PersonDraft) -> None:
        rng = self.rng
        roll = rng.random()
        status = "存续" if roll < 0.85 else "注销" if roll < 0.97 else "吊销"
        self._register_business(p, status)
        if status != "存续" and rng.random() < 0.4:
            self._register_business(p, "存续")  # closed one shop, opened another

    def _register_business(self, p: PersonDraft, status: str) -> None:
        rng = self.rng
        c = p.county
        trade, scope = rng.choice(_TRADES)
        attempt = 0
        while True:
            brand = (
                f"{p.surname}记" if p.surname and rng.random() < 0.4 else rng.choice(_SHOP_NAMES)
            )
            branch = f"{attempt}号店" if attempt > 5 else ""  # names are unique in a county
            name = f"{c.local_name}{brand}{trade}{branch}"
            if self.ids.claim(name):
                break
            attempt += 1
        latest = self.f.today_ord - 1
        earliest = min(max(add_years(p.birth, 20), date(2000, 1, 1)).toordinal(), latest)
        established = date.fromordinal(rng.randint(earliest, latest))
        code = self.ids.credit_code("2", c.code, new_style=rng.random() < 0.85)
        self.businesses[code] = Business(
            code, name, "个体工商户", p.id_number, c.shop_address(rng), status, established, scope
        )
        self.businesses_by_operator.setdefault(p.id_number, []).append(code)
